package io.github.sentryjakarta.internal.envelope;

import io.github.sentryjakarta.internal.propagation.Dsc;
import io.github.sentryjakarta.integration.SentryOptions;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The first line of every envelope: {@code event_id} for an event, {@code sent_at}, the trace's frozen
 * dynamic sampling context as {@code trace}, and the SDK. Also the item header of the one-payload items,
 * whose {@code length} is the payload's exact byte count.
 */
final class EnvelopeHeader {

    static final byte NEWLINE = '\n';

    private EnvelopeHeader() {
    }

    /** @return the header line without its newline; {@code eventId} and {@code dsc} may be {@code null} */
    static byte[] write(String eventId, Dsc dsc) {
        JsonBuffer out = new JsonBuffer(512);
        out.write((byte) '{');
        out.member("event_id", eventId);
        out.member("sent_at", DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        if (dsc != null && !dsc.entries().isEmpty()) {
            out.key("trace");
            out.write((byte) '{');
            for (Map.Entry<String, String> entry : dsc.entries().entrySet()) {
                out.member(entry.getKey(), entry.getValue());
            }
            out.write((byte) '}');
        }
        sdk(out);
        out.write((byte) '}');
        return out.toByteArray();
    }

    /** Writes the {@code sdk} member. */
    static void sdk(JsonBuffer out) {
        out.key("sdk");
        out.write((byte) '{');
        out.member("name", SentryOptions.SDK_NAME);
        out.member("version", SentryOptions.SDK_VERSION);
        out.write((byte) '}');
    }

    /** @return {@code {"type":T,"length":N}} newline, payload, newline */
    static byte[] item(String type, JsonBuffer payload) {
        JsonBuffer out = new JsonBuffer(payload.size() + 64);
        out.write((byte) '{');
        out.member("type", type);
        out.key("length");
        out.number(payload.size());
        out.write((byte) '}');
        out.write(NEWLINE);
        out.write(payload.array(), 0, payload.size());
        out.write(NEWLINE);
        return out.toByteArray();
    }
}
