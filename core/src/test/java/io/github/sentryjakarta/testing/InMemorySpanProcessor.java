package io.github.sentryjakarta.testing;

import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.span.SpanData;
import io.github.sentryjakarta.internal.span.SpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps finished spans in memory instead of sending them, so that a test sees exactly what the span buffer or the
 * transaction assembler would receive. The one such processor of every module's tests (core publishes it in its
 * test jar); it is safe to use from many threads.
 */
public final class InMemorySpanProcessor implements SpanProcessor {

    /** A DSN for runtimes that never send: nothing listens on port 9 and this processor keeps the spans anyway. */
    public static final String UNUSED_DSN = "http://key@127.0.0.1:9/1";

    private final List<SpanData> spans = new CopyOnWriteArrayList<>();

    /**
     * A runtime whose finished spans come here, not installed.
     *
     * @param options the runtime's options; their DSN becomes {@link #UNUSED_DSN}
     * @return the runtime
     */
    public SentryRuntime runtime(SentryOptions.Builder options) {
        return runtime(options.dsn(UNUSED_DSN).build());
    }

    /**
     * A runtime whose finished spans come here, not installed.
     *
     * @param options the runtime's options
     * @return the runtime
     */
    public SentryRuntime runtime(SentryOptions options) {
        return new SentryRuntime(options, new ClientReports(), this);
    }

    /**
     * The spans finished so far.
     *
     * @return the live list, in the order the spans ended; {@code clear()} on it forgets them
     */
    public List<SpanData> spans() {
        return spans;
    }

    /**
     * The first span that ended with this name.
     *
     * @param name the span name
     * @return the span
     * @throws AssertionError if no span has that name, naming those that ended
     */
    public SpanData named(String name) {
        return spans.stream().filter(span -> span.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(
                "no span named " + name + " in " + spans.stream().map(SpanData::name).toList()));
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
