package io.github.sentryjakarta.internal.transport;

import io.github.sentryjakarta.internal.envelope.EnvelopeEncoder;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;

/**
 * The end of the transport's shutdown, once no request is in flight any more: what was never sent goes to the
 * outbox when one is configured, the rest is counted ({@code network_error} when Sentry could not be reached,
 * else {@code queue_overflow}); then the last client report goes to Sentry (or the outbox), and what no
 * report can carry any more is logged once at WARN with its exact counts.
 */
final class LastReport {

    private static final Logger LOG = System.getLogger(HttpTransport.class.getName());

    private final ClientReports reports;
    private final Discards discards;
    private final Exchange exchange;
    private final RateLimits rateLimits;
    private final Gzip gzip;
    private final Outbox outbox;
    private final boolean toSentry;

    /** @param outbox where what cannot go now waits for the next start, or {@code null} */
    LastReport(ClientReports reports, Discards discards, Exchange exchange, RateLimits rateLimits, Gzip gzip,
            Outbox outbox, boolean toSentry) {
        this.reports = reports;
        this.discards = discards;
        this.exchange = exchange;
        this.rateLimits = rateLimits;
        this.gzip = gzip;
        this.outbox = outbox;
        this.toSentry = toSentry;
    }

    /**
     * @param undelivered the envelopes still queued
     * @param endpointDown whether Sentry could not be reached (else the shutdown timeout ran out)
     * @param deadline {@link System#nanoTime()} by which the report must be sent
     */
    void send(List<Outgoing> undelivered, boolean endpointDown, long deadline) {
        if (outbox != null) {
            undelivered = outbox.write(undelivered);
        }
        String why = endpointDown ? "Sentry could not be reached" : "the shutdown timeout ran out";
        DiscardReason reason = endpointDown ? DiscardReason.NETWORK_ERROR : DiscardReason.QUEUE_OVERFLOW;
        for (Outgoing envelope : undelivered) {
            discards.lost(envelope, reason);
        }
        if (!toSentry) {
            return;
        }
        List<ClientReports.Discard> report = reports.drain();
        if (report.isEmpty()) {
            return;
        }
        boolean sent = false;
        byte[] body = gzip.body(EnvelopeEncoder.clientReport(report).bytes());
        long remaining = deadline - System.nanoTime();
        if (!endpointDown && remaining > 0 && !rateLimits.isLimited(DataCategory.CLIENT_REPORT)) {
            Exchange.Result result = exchange.post(body, Duration.ofNanos(remaining));
            sent = result.delivered();
        }
        if (!sent && outbox != null) {
            sent = outbox.write(List.of(new Outgoing(body, null, 0, 0, report, DataCategory.CLIENT_REPORT))).isEmpty();
        }
        if (!sent) {
            LOG.log(Level.WARNING, "sentry-jakarta shut down with drops that no client report can carry any more ("
                    + why + "): " + Discards.describe(report));
        }
    }
}
