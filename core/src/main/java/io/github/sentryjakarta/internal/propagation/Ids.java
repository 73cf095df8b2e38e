package io.github.sentryjakarta.internal.propagation;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random trace and span ids and their lowercase hex form. ThreadLocalRandom keeps id generation free of
 * contention; ids need to be unique, not unpredictable.
 */
public final class Ids {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private Ids() {
    }

    public static long newSpanId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return id;
    }

    public static String newTraceId() {
        long high = ThreadLocalRandom.current().nextLong();
        long low = newSpanId();
        byte[] chars = new byte[32];
        writeHex(high, chars, 0);
        writeHex(low, chars, 16);
        return new String(chars, StandardCharsets.US_ASCII);
    }

    public static String hex(long id) {
        byte[] chars = new byte[16];
        writeHex(id, chars, 0);
        return new String(chars, StandardCharsets.US_ASCII);
    }

    /** Writes {@code value} as 16 lowercase hex digits (ASCII) into {@code into} from {@code offset}. */
    public static void writeHex(long value, byte[] into, int offset) {
        for (int i = 15; i >= 0; i--) {
            into[offset + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }

    /** @return the id, or 0 when {@code hex} is not 16 lowercase hex digits */
    public static long parseSpanId(CharSequence hex, int from) {
        long value = 0;
        for (int i = from; i < from + 16; i++) {
            int digit = digit(hex.charAt(i));
            if (digit < 0) {
                return 0;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    /** @return whether the range holds only lowercase hex digits and not only zeros */
    static boolean isHexId(CharSequence text, int from, int length) {
        boolean nonZero = false;
        for (int i = from; i < from + length; i++) {
            char c = text.charAt(i);
            if (digit(c) < 0) {
                return false;
            }
            nonZero |= c != '0';
        }
        return nonZero;
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    /**
     * A uniform value in [0, 1) from the low 53 bits of a trace id, for traces that arrive without a
     * {@code sample_rand}: the same trace id always yields the same value, in every service.
     */
    static double sampleRandFromTraceId(String traceId) {
        long low = 0;
        for (int i = 16; i < 32; i++) {
            low = (low << 4) | digit(traceId.charAt(i));
        }
        return (low >>> 11) * 0x1.0p-53;
    }
}
