package io.github.sentryjakarta.internal.transport;

import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import java.util.List;

/**
 * One envelope ready to go: its body as posted, and what a failure of it must count. The transport holds these
 * and nothing else, so what it holds is what {@code sentry.transport.max-queued-bytes} bounds.
 *
 * @param body the envelope as posted: gzip-compressed from {@code sentry.transport.gzip-min-bytes} on
 * @param spotlight the uncompressed envelope for Spotlight, or {@code null} when Spotlight is off
 * @param spans the spans inside, transactions' spans included
 * @param transactions the transaction events inside
 * @param report the counts of the client report inside, put back when it does not arrive
 * @param category the category whose rate limit applies
 */
record Outgoing(byte[] body, byte[] spotlight, int spans, int transactions, List<ClientReports.Discard> report,
        DataCategory category) {

    /** @return the bytes held for this envelope */
    long size() {
        return body.length + (spotlight == null || spotlight == body ? 0 : spotlight.length);
    }
}
