package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.span.SpanData;
import io.github.sentryjakarta.internal.span.SpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps finished spans in memory, so span-model tests can look at exactly what the pipeline would get. */
final class CollectingProcessor implements SpanProcessor {

    final List<SpanData> spans = new CopyOnWriteArrayList<>();

    static SentryRuntime runtime(SentryOptions.Builder options, CollectingProcessor processor) {
        return new SentryRuntime(options.dsn("http://key@127.0.0.1:9/1").build(), new ClientReports(), processor);
    }

    SpanData named(String name) {
        return spans.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span named " + name + " in " + spans.stream().map(SpanData::name).toList()));
    }

    @Override
    public void onEnd(SpanData span) {
        spans.add(span);
    }

    @Override
    public boolean flush(Duration timeout) {
        return true;
    }

    @Override
    public void close(Duration timeout) {
    }
}
