package io.github.sentryjakarta.internal.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sentryjakarta.integration.SentryOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * The encoder keeps the text of the last second it wrote: {@code sent_at} is formatted once per second and
 * completed with the milliseconds, span timestamps reuse the digits of their whole seconds. The text must stay
 * what it was without the cache, in every case the cache could get wrong (a whole second, the same second
 * again, the next second, before 1970, after 9999, a sign change with the same magnitude).
 */
class CachedTimeTextTest {

    @Test
    void sentAtIsTheIsoInstantOfTheMillisecondWhateverTheHeaderWroteBefore() {
        EnvelopeHeader header = new EnvelopeHeader();
        long[] instants = {
            1_796_051_843_924L, 1_796_051_843_000L, 1_796_051_843_005L, 1_796_051_843_999L, 1_796_051_844_050L,
            1_796_051_843_010L, 0L, -1L, -1_000L, -999L, 253_402_300_800_123L, 1_796_051_844_100L,
        };
        for (long millis : instants) {
            String expected = DateTimeFormatter.ISO_INSTANT.format(
                    Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.MILLIS));
            String line = new String(header.line(null, null, millis), StandardCharsets.UTF_8);
            assertEquals("{\"sent_at\":\"" + expected + "\",\"sdk\":{\"name\":\"" + SentryOptions.SDK_NAME
                    + "\",\"version\":\"" + SentryOptions.SDK_VERSION + "\"}}", line, "at " + millis);
        }
    }

    @Test
    void spanTimestampsAreTheSameTextWhenOneBufferWritesThemInAnyOrder() {
        JsonBuffer out = new JsonBuffer(16);
        long second = 1_795_547_024_000_000_000L;
        long[] nanos = {second + 171_734_999L, second + 999_999_999L, second, second + 5_000L, second + 1_000_000_000L,
            second + 3_000L, -1_500_000_000L, 1_500_000_000L, 1_500_000_999L, -1_500_000_000L, 0, -1, 999, 1000,
            Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, second + 7_000L};
        java.util.Random random = new java.util.Random(14);
        for (int round = 0; round < 2000; round++) {
            long epochNanos = round < nanos.length ? nanos[round]
                    : second + (random.nextInt(3) - 1) * 1_000_000_000L + random.nextInt(1_000_000_000);
            out.reset();
            out.seconds(epochNanos);
            assertEquals(EnvelopeEncoder.seconds(epochNanos).toString(),
                    new String(out.toByteArray(), StandardCharsets.US_ASCII), "at " + epochNanos);
        }
    }
}
