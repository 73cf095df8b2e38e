package io.github.sentryjakarta.core;

/**
 * Assembles a {@link SentryRuntime} from options: the HTTP transport and, by
 * {@code sentry.trace-lifecycle}, the span buffer (stream) or the transaction assembler (static). Options
 * that are not {@linkplain SentryOptions#isActive() active} give a runtime that records nothing.
 */
public final class SentryPipeline {

    private SentryPipeline() {
    }

    /** @return a started runtime; not yet installed */
    public static SentryRuntime start(SentryOptions options) {
        ClientReports reports = new ClientReports();
        if (!options.isActive()) {
            return new SentryRuntime(options, reports, SpanProcessor.NOOP);
        }
        throw new UnsupportedOperationException("the transport lands with the stream pipeline");
    }
}
