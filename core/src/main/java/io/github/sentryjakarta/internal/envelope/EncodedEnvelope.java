package io.github.sentryjakarta.internal.envelope;

import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import java.util.List;

/**
 * The bytes of one envelope, uncompressed, with what they carry: the span and transaction counts that a
 * failed send must report, and the client report counts that must be put back if it does not arrive.
 *
 * @param bytes the envelope as it goes on the wire before compression
 * @param spans the spans inside, transactions' spans included
 * @param transactions the transaction events inside
 * @param report the drop counts of the client report item inside, empty if there is none
 * @param errors the error events inside (an event travels alone: 0 or 1)
 */
public record EncodedEnvelope(byte[] bytes, int spans, int transactions, List<ClientReports.Discard> report,
        int errors) {

    /** An envelope without error events. */
    public EncodedEnvelope(byte[] bytes, int spans, int transactions, List<ClientReports.Discard> report) {
        this(bytes, spans, transactions, report, 0);
    }

    /** @return the category whose rate limit decides whether this is sent */
    public DataCategory category() {
        return errors > 0 ? DataCategory.ERROR : transactions > 0 ? DataCategory.TRANSACTION
                : spans > 0 ? DataCategory.SPAN : DataCategory.CLIENT_REPORT;
    }
}
