package io.github.sentryjakarta.internal.envelope;

import io.github.sentryjakarta.internal.propagation.Dsc;
import io.github.sentryjakarta.integration.SentryOptions;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * The first line of every envelope: {@code event_id} for an event, {@code sent_at}, the trace's frozen
 * dynamic sampling context as {@code trace}, and the SDK. Also the item header of the one-payload items,
 * whose {@code length} is the payload's exact byte count.
 *
 * <p>A request's trace is one small envelope, so what the line costs is paid per request: an instance keeps
 * its buffer, writes the constant {@code sdk} member prepared once, and formats the date of {@code sent_at}
 * once per second rather than per envelope (only the milliseconds change within a second). One instance
 * is not thread-safe: the encoder owns it.
 */
final class EnvelopeHeader {

    static final byte NEWLINE = '\n';

    /** {@code ,"sdk":{...}}: the same for every envelope. */
    private static final byte[] SDK_MEMBER = sdkMember();

    private final JsonBuffer out = new JsonBuffer(512, true);
    /** The Unix second whose text {@link #secondText} holds, or {@code Long.MIN_VALUE} before the first. */
    private long second = Long.MIN_VALUE;
    /** {@code "2026-11-30T15:12:24}: the opening quote and {@code sent_at} up to its fraction. */
    private byte[] secondText;

    /** @return the header line without its newline; {@code eventId} and {@code dsc} may be {@code null} */
    byte[] line(String eventId, Dsc dsc) {
        return line(eventId, dsc, System.currentTimeMillis());
    }

    /** @return the header line sent at {@code epochMillis} */
    byte[] line(String eventId, Dsc dsc, long epochMillis) {
        JsonBuffer out = this.out;
        out.reset();
        out.write((byte) '{');
        out.member("event_id", eventId);
        out.key("sent_at");
        sentAt(epochMillis);
        if (dsc != null && dsc.size() > 0) {
            out.key("trace");
            out.write((byte) '{');
            for (int i = 0; i < dsc.size(); i++) {
                out.member(dsc.key(i), dsc.value(i));
            }
            out.write((byte) '}');
        }
        out.write(SDK_MEMBER);
        out.write((byte) '}');
        return out.toByteArray();
    }

    /**
     * Writes the instant as {@link DateTimeFormatter#ISO_INSTANT} writes it truncated to milliseconds, as a
     * JSON string: {@code "2026-11-30T15:12:24.123Z"}, without the fraction when the milliseconds are zero.
     */
    private void sentAt(long epochMillis) {
        long epochSecond = Math.floorDiv(epochMillis, 1000L);
        if (epochSecond != second) {
            String text = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(epochSecond));
            secondText = AttributeJson.ascii('"' + text.substring(0, text.length() - 1)); // without its Z
            second = epochSecond;
        }
        out.write(secondText);
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        if (millis != 0) {
            out.write((byte) '.');
            out.write((byte) ('0' + millis / 100));
            out.write((byte) ('0' + millis / 10 % 10));
            out.write((byte) ('0' + millis % 10));
        }
        out.write((byte) 'Z');
        out.write((byte) '"');
    }

    private static byte[] sdkMember() {
        JsonBuffer sdk = new JsonBuffer(128);
        sdk.write((byte) '0'); // any byte but a brace: sdk() then opens the member with the comma it needs here
        sdk(sdk);
        return Arrays.copyOfRange(sdk.array(), 1, sdk.size());
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
