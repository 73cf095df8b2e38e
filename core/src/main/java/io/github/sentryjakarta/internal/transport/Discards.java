package io.github.sentryjakarta.internal.transport;

import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * The transport's bookkeeping of what does not arrive: each envelope that an answer, a failure or shutdown
 * keeps from Sentry is counted in the client reports by category (its spans, transactions, error event), the
 * report counts it carried are put back for the next report, and a line says so (a warning for the first
 * failure after a success, else at the transport's detail level).
 */
final class Discards {

    private static final Logger LOG = System.getLogger(HttpTransport.class.getName());

    private final ClientReports reports;
    private final Exchange exchange;
    private final Level detail;

    Discards(ClientReports reports, Exchange exchange, Level detail) {
        this.reports = reports;
        this.exchange = exchange;
        this.detail = detail;
    }

    /** Counts what the answer says was not delivered; puts back the report counts of what did not arrive. */
    void account(Outgoing envelope, Exchange.Result result) {
        switch (result.outcome()) {
            case DELIVERED -> exchange.logSent(detail, envelope);
            case RATE_LIMITED -> reports.restore(envelope.report()); // Relay counts a 429 itself
            case RATE_LIMITED_BEFORE -> drop(envelope, DiscardReason.RATELIMIT_BACKOFF, "rate limited");
            case REFUSED -> drop(envelope, result.status() == 413 ? DiscardReason.SEND_ERROR : DiscardReason.NETWORK_ERROR,
                    result.why());
            case FAILED -> drop(envelope, DiscardReason.NETWORK_ERROR, result.why());
            case NOT_SENT -> exchange.logFailure(detail, envelope, result.why(), "kept for another try");
        }
    }

    /** Counts the envelope as dropped for {@code reason} and says why. */
    void drop(Outgoing envelope, DiscardReason reason, String why) {
        lost(envelope, reason);
        String consequence = envelope.category() == DataCategory.CLIENT_REPORT
                ? "report kept for later" : "counted as " + reason.wireName();
        if (reason == DiscardReason.NETWORK_ERROR || reason == DiscardReason.SEND_ERROR) {
            exchange.logFailure(detail, envelope, why, consequence);
        } else {
            LOG.log(detail, () -> "sentry-jakarta dropped " + Exchange.describe(envelope) + ": " + why + " (" + consequence + ")");
        }
    }

    /** Counts the envelope as dropped for {@code reason}, silently: the caller sums such drops in one line. */
    void lost(Outgoing envelope, DiscardReason reason) {
        count(envelope.spans(), envelope.transactions(), envelope.category(), reason);
        reports.restore(envelope.report());
    }

    /** An envelope of category {@code error} holds exactly one error event. */
    void count(int spans, int transactions, DataCategory category, DiscardReason reason) {
        reports.record(reason, DataCategory.SPAN, spans);
        reports.record(reason, DataCategory.TRANSACTION, transactions);
        reports.record(reason, DataCategory.ERROR, category == DataCategory.ERROR ? 1 : 0);
    }

    /** @return for example {@code 8000 spans, 0 transactions (network_error: 8000 spans)} */
    static String describe(List<ClientReports.Discard> report) {
        long spans = 0;
        long transactions = 0;
        StringBuilder reasons = new StringBuilder();
        for (ClientReports.Discard discard : report) {
            if (discard.category() == DataCategory.SPAN) {
                spans += discard.quantity();
            } else if (discard.category() == DataCategory.TRANSACTION) {
                transactions += discard.quantity();
            }
            reasons.append(reasons.length() == 0 ? "" : ", ").append(discard.reason().wireName()).append(": ")
                    .append(discard.quantity()).append(' ').append(discard.category().wireName()).append('s');
        }
        return spans + " spans, " + transactions + " transactions (" + reasons + ")";
    }
}
