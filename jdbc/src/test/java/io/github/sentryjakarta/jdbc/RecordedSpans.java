package io.github.sentryjakarta.jdbc;

import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.internal.span.SpanData;
import io.github.sentryjakarta.testing.InMemorySpanProcessor;
import java.util.List;

/**
 * An installed runtime whose finished spans stay in memory: what the span buffer or the transaction assembler
 * would receive. Close it to uninstall.
 */
final class RecordedSpans implements AutoCloseable {

    private final InMemorySpanProcessor processor = new InMemorySpanProcessor();
    private final SentryRuntime runtime;

    private RecordedSpans(double sampleRate) {
        runtime = processor.runtime(SentryOptions.builder().serverName("test").tracesSampleRate(sampleRate));
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
        return processor.spans().stream().filter(s -> "db".equals(s.attributes().get("sentry.op"))).toList();
    }

    /** @return every finished span */
    List<SpanData> all() {
        return List.copyOf(processor.spans());
    }

    @Override
    public void close() {
        SentryRuntime.uninstall(runtime);
    }
}
