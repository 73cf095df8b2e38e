package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.integration.Dsn;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.internal.envelope.EnvelopeQueue;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.span.SpanProcessor;
import io.github.sentryjakarta.internal.envelope.EncodingQueue;
import io.github.sentryjakarta.internal.buffer.SpanBuffer;
import io.github.sentryjakarta.internal.transaction.TransactionAssembler;
import io.github.sentryjakarta.internal.transport.HttpTransport;
import java.lang.System.Logger.Level;
import java.util.concurrent.ThreadFactory;

/**
 * Assembles a {@link SentryRuntime} from options: the HTTP transport behind the encoding queue and, by
 * {@code sentry.trace-lifecycle}, the span buffer (stream) or the transaction assembler (static). Options
 * that are not {@linkplain SentryOptions#isActive() active} give a runtime that records nothing.
 */
public final class RuntimeAssembler {

    private static final System.Logger LOG = System.getLogger(RuntimeAssembler.class.getName());

    private RuntimeAssembler() {
    }

    /**
     * @return the delivery path of finished traces: the encoding queue in front of the HTTP transport, both
     *         started
     */
    public static EnvelopeQueue transport(SentryOptions options, ClientReports reports, ThreadFactory threads) {
        return new EncodingQueue(options, reports, new HttpTransport(options, reports, threads), threads);
    }

    /** @return a started runtime; not yet installed */
    public static SentryRuntime start(SentryOptions options) {
        ClientReports reports = new ClientReports();
        if (!options.isActive()) {
            LOG.log(Level.INFO, options.enabled()
                    ? "sentry-jakarta is off: neither sentry.dsn nor sentry.spotlight is set"
                    : "sentry-jakarta is off: sentry.enabled=false");
            return new SentryRuntime(options, reports, SpanProcessor.NOOP);
        }
        ThreadFactory threads = options.threadFactory().orElse(null);
        EnvelopeQueue transport = transport(options, reports, threads);
        SpanProcessor processor;
        try {
            processor = options.traceLifecycle() == TraceLifecycle.STREAM
                    ? new SpanBuffer(options, reports, transport, threads)
                    : new TransactionAssembler(options, reports, transport);
        } catch (RuntimeException | Error e) {
            transport.close(java.time.Duration.ZERO); // its sender thread must not outlive a failed start
            throw e;
        }
        LOG.log(Level.INFO, "sentry-jakarta started: lifecycle {0}, sending to {1}", options.traceLifecycle().configValue(),
                options.dsn().map(Dsn::toString).orElse("Spotlight only"));
        return new SentryRuntime(options, reports, processor, transport);
    }
}
