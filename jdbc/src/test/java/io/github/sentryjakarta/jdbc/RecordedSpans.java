package io.github.sentryjakarta.jdbc;

import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.internal.span.SpanData;
import io.github.sentryjakarta.internal.span.SpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An installed runtime whose finished spans stay in memory: what the span buffer or the transaction assembler
 * would receive. Close it to uninstall.
 */
final class RecordedSpans implements SpanProcessor, AutoCloseable {

    private final List<SpanData> spans = new CopyOnWriteArrayList<>();
    private final SentryRuntime runtime;

    private RecordedSpans(double sampleRate) {
        SentryOptions options = SentryOptions.builder().dsn("http://key@127.0.0.1:9/1").serverName("test")
                .tracesSampleRate(sampleRate).build();
        runtime = new SentryRuntime(options, new ClientReports(), this);
        SentryRuntime.install(runtime);
    }

    /** @return a recorder that samples every trace */
    static RecordedSpans install() {
        return new RecordedSpans(1.0);
    }

    /** @return a recorder whose traces are never sampled */
    static RecordedSpans installUnsampled() {
        return new RecordedSpans(0.0);
    }

    /** @return the finished spans with {@code sentry.op} {@code db}, in the order they ended */
    List<SpanData> dbSpans() {
        return spans.stream().filter(s -> "db".equals(s.attributes().get("sentry.op"))).toList();
    }

    /** @return every finished span */
    List<SpanData> all() {
        return List.copyOf(spans);
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

    @Override
    public void close() {
        SentryRuntime.uninstall(runtime);
    }
}
