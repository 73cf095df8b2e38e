package io.github.sentryjakarta.internal.envelope;

import io.github.sentryjakarta.internal.outcome.ClientReports;
import java.util.List;

/**
 * A {@code client_report} item: the drop counts per reason and category, with the time they are sent.
 */
final class ClientReportItem {

    private ClientReportItem() {
    }

    /** @return the whole item: header, newline, payload, newline */
    static byte[] write(List<ClientReports.Discard> report) {
        JsonBuffer out = new JsonBuffer(256);
        out.write((byte) '{');
        out.key("timestamp");
        long millis = System.currentTimeMillis();
        out.number(millis / 1000);
        out.write((byte) '.');
        long fraction = millis % 1000;
        out.write((byte) ('0' + fraction / 100));
        out.write((byte) ('0' + fraction / 10 % 10));
        out.write((byte) ('0' + fraction % 10));
        out.key("discarded_events");
        out.write((byte) '[');
        for (ClientReports.Discard discard : report) {
            out.separate();
            out.write((byte) '{');
            out.member("reason", discard.reason().wireName());
            out.member("category", discard.category().wireName());
            out.key("quantity");
            out.number(discard.quantity());
            out.write((byte) '}');
        }
        out.write((byte) ']');
        out.write((byte) '}');
        return EnvelopeHeader.item("client_report", out);
    }
}
