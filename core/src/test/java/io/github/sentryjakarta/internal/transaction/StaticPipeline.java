package io.github.sentryjakarta.internal.transaction;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.internal.envelope.EnvelopeQueue;
import io.github.sentryjakarta.internal.engine.RuntimeAssembler;
import io.github.sentryjakarta.testreceiver.Envelope;
import io.github.sentryjakarta.testreceiver.Item;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The static lifecycle wired as in production: runtime, {@link TransactionAssembler}, the real
 * {@link RuntimeAssembler#transport} (encoding queue and HTTP transport), and a real {@link SentryReceiver} at the other end of the DSN.
 */
final class StaticPipeline implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final SentryReceiver sentry;
    final ClientReports reports = new ClientReports();
    final EnvelopeQueue transport;
    final TransactionAssembler assembler;
    final SentryRuntime runtime;

    StaticPipeline(UnaryOperator<SentryOptions.Builder> config) {
        sentry = SentryReceiver.start();
        try {
            SentryOptions options = config.apply(SentryOptions.builder()
                    .dsn(sentry.dsn())
                    .traceLifecycle(TraceLifecycle.STATIC)
                    .tracesSampleRate(1.0)
                    .environment("staging")
                    .release("demo@1.0.0")
                    .serverName("test-host"))
                    .build();
            transport = RuntimeAssembler.transport(options, reports, null);
            assembler = new TransactionAssembler(options, reports, transport);
            runtime = new SentryRuntime(options, reports, assembler);
        } catch (RuntimeException e) {
            sentry.close();
            throw e;
        }
    }

    /** The spans of {@link #recordOrderLookup}: the request's segment, a function under it, a query under that. */
    record OrderLookup(Span segment, Span find, Span db) {
    }

    /**
     * Continues a sampled remote trace and records an order lookup in it: a routed {@code http.server} segment, a
     * {@code function} span, and a {@code db} span holding an attribute of every type, which {@code endDb} fails
     * as the test likes before it ends.
     */
    OrderLookup recordOrderLookup(String traceId, String remoteParent, Consumer<Span> endDb) {
        runtime.continueTrace(name -> name.equals("sentry-trace") ? traceId + "-" + remoteParent + "-1" : null);
        Span segment = runtime.spanBuilder("GET /orders/{id}").op("http.server")
                .attribute("sentry.segment.name.source", "route").start();
        segment.setAttribute("http.request.method", "GET").setAttribute("http.response.status_code", 200L);
        Span find = runtime.spanBuilder("OrderService.find").op("function").start();
        Span db = runtime.spanBuilder("SELECT orders").op("db").start();
        db.setAttribute("db.system", "postgresql").setAttribute("rows", 3L).setAttribute("ratio", 0.5)
                .setAttribute("flag", true).setAttribute("tags", List.of("a", "b"));
        endDb.accept(db);
        db.end();
        find.end();
        segment.end();
        return new OrderLookup(segment, find, db);
    }

    /** Flushes and waits until the receiver holds {@code count} transactions. */
    void flushAndAwaitTransactions(int count) {
        if (!runtime.flush(TIMEOUT)) {
            throw new AssertionError("flush did not complete in " + TIMEOUT);
        }
        if (!sentry.await(r -> r.transactions().size() >= count, TIMEOUT)) {
            throw new AssertionError("expected " + count + " transactions, got " + sentry.transactions());
        }
    }

    /** @return the accepted envelopes that carry a transaction item */
    List<Envelope> transactionEnvelopes() {
        return sentry.envelopes().stream()
                .filter(e -> e.items().stream().map(Item::type).anyMatch("transaction"::equals))
                .toList();
    }

    @Override
    public void close() {
        try {
            runtime.clearThread();
            runtime.close(Duration.ofSeconds(2));
        } finally {
            sentry.close();
        }
    }
}
