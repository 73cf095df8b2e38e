package io.github.sentryjakarta.internal.envelope;

import io.github.sentryjakarta.internal.propagation.Ids;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array that JSON is written into by hand: compact, UTF-8, escaped exactly as JSON-P's
 * reference implementation (Parsson) escapes (quote, backslash and control characters only; {@code \\uXXXX}
 * in lowercase hex). A lone surrogate becomes {@code ?}, as {@link String#getBytes} and JSON-P's encoder
 * make it. Not thread-safe.
 */
final class JsonBuffer {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private static final int CACHE_SLOTS = 512;
    private static final int CACHE_MAX_LENGTH = 128;

    private byte[] bytes;
    private int size;
    /**
     * The JSON of recently written short strings, by identity: keys, trace and segment ids and names, thread
     * names and attribute values that instrumentation passes as the same instance span after span. Direct
     * mapped: a slot holds the last string that hashed to it, and its JSON from the second time it is written
     * in a row. {@code null} when not caching.
     */
    private final String[] cachedText;
    private final byte[][] cachedJson;
    /** The whole seconds last written by {@link #seconds}, and their digits ({@code null} before the first). */
    private long lastSecond;
    private byte[] lastSecondDigits;

    JsonBuffer(int capacity) {
        this(capacity, false);
    }

    JsonBuffer(int capacity, boolean cacheStrings) {
        bytes = new byte[Math.max(16, capacity)];
        cachedText = cacheStrings ? new String[CACHE_SLOTS] : null;
        cachedJson = cacheStrings ? new byte[CACHE_SLOTS][] : null;
    }

    int size() {
        return size;
    }

    int capacity() {
        return bytes.length;
    }

    /** @return the backing array; valid up to {@link #size()} until the next write */
    byte[] array() {
        return bytes;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    void reset() {
        size = 0;
    }

    void truncate(int newSize) {
        size = newSize;
    }

    /** Moves the bytes from {@code from} to the end to the start, and drops what was before them. */
    void moveToStart(int from) {
        System.arraycopy(bytes, from, bytes, 0, size - from);
        size -= from;
    }

    void set(int index, byte value) {
        bytes[index] = value;
    }

    private void ensure(long more) {
        if (more > bytes.length - size) {
            long needed = size + more;
            if (needed > MAX_ARRAY) {
                throw new OutOfMemoryError("JSON larger than an array");
            }
            bytes = Arrays.copyOf(bytes, (int) Math.min(MAX_ARRAY, Math.max(needed, (long) bytes.length * 2)));
        }
    }

    void write(byte b) {
        ensure(1);
        bytes[size++] = b;
    }

    void write(byte[] b) {
        write(b, 0, b.length);
    }

    void write(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, bytes, size, length);
        size += length;
    }

    /** Appends text known to be ASCII and to need no escaping (keys and punctuation of this writer). */
    void ascii(String text) {
        int length = text.length();
        ensure(length);
        byte[] b = bytes;
        int at = size;
        for (int i = 0; i < length; i++) {
            b[at++] = (byte) text.charAt(i);
        }
        size = at;
    }

    /** Appends a JSON string: quoted, escaped, UTF-8. */
    void string(String text) {
        if (cachedText == null || text.length() > CACHE_MAX_LENGTH) {
            encode(text);
            return;
        }
        int slot = System.identityHashCode(text) & (CACHE_SLOTS - 1);
        if (cachedText[slot] != text) {
            // first sight: remembered, not copied, so that a string made for one span costs no allocation
            cachedText[slot] = text;
            cachedJson[slot] = null;
            encode(text);
        } else if (cachedJson[slot] != null) {
            write(cachedJson[slot]);
        } else {
            int start = size;
            encode(text);
            cachedJson[slot] = Arrays.copyOfRange(bytes, start, size);
        }
    }

    private void encode(String text) {
        int length = text.length();
        ensure(length + 2L);
        byte[] b = bytes;
        int at = size;
        b[at++] = '"';
        int i = 0;
        for (; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                break;
            }
            b[at++] = (byte) c;
        }
        size = at;
        if (i < length) {
            escaped(text, i);
        }
        write((byte) '"');
    }

    private void escaped(String text, int from) {
        int length = text.length();
        // at most 6 bytes per character (a control character as \\u00XX; UTF-8 needs at most 3 per char)
        ensure((length - from) * 6L);
        byte[] b = bytes;
        int at = size;
        for (int i = from; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    b[at++] = (byte) c;
                    continue;
                }
                b[at++] = '\\';
                switch (c) {
                    case '"', '\\' -> b[at++] = (byte) c;
                    case '\b' -> b[at++] = 'b';
                    case '\f' -> b[at++] = 'f';
                    case '\n' -> b[at++] = 'n';
                    case '\r' -> b[at++] = 'r';
                    case '\t' -> b[at++] = 't';
                    default -> {
                        b[at++] = 'u';
                        b[at++] = '0';
                        b[at++] = '0';
                        b[at++] = HEX[c >> 4];
                        b[at++] = HEX[c & 0xF];
                    }
                }
            } else if (c < 0x800) {
                b[at++] = (byte) (0xC0 | (c >> 6));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                char low;
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(low = text.charAt(i + 1))) {
                    int codePoint = Character.toCodePoint(c, low);
                    b[at++] = (byte) (0xF0 | (codePoint >> 18));
                    b[at++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
                    b[at++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
                    b[at++] = (byte) (0x80 | (codePoint & 0x3F));
                    i++;
                } else {
                    b[at++] = '?';
                }
            } else {
                b[at++] = (byte) (0xE0 | (c >> 12));
                b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        size = at;
    }

    /**
     * Starts a member of the object being written: a comma unless it is the first, then the key and colon.
     * Whether it is the first is read from the byte before (an opening brace), so nested writers need no state.
     */
    void key(String name) {
        separate();
        string(name);
        write((byte) ':');
    }

    /** Writes a comma unless the last byte opens an object or array (the first member or element follows). */
    void separate() {
        if (size > 0) {
            byte last = bytes[size - 1];
            if (last != '{' && last != '[') {
                write((byte) ',');
            }
        }
    }

    /** Writes {@code "key":"value"} as a member, or nothing when either is {@code null}. */
    void member(String name, String value) {
        if (name != null && value != null) {
            key(name);
            string(value);
        }
    }

    /** Appends a span or segment id: a JSON string of 16 lowercase hex digits, as {@code SpanData.spanId()}. */
    void hexId(long id) {
        ensure(18);
        byte[] b = bytes;
        int at = size;
        b[at] = '"';
        Ids.writeHex(id, b, at + 1);
        b[at + 17] = '"';
        size = at + 18;
    }

    void number(long value) {
        if (value == Long.MIN_VALUE) {
            ascii(Long.toString(value));
            return;
        }
        ensure(20);
        if (value < 0) {
            bytes[size++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        byte[] b = bytes;
        int at = size + digits;
        size = at;
        do {
            b[--at] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
    }

    /** A finite double, as JSON-P writes it ({@link Double#toString}). */
    void number(double value) {
        ascii(Double.toString(value));
    }

    /**
     * Unix seconds with exactly six decimals (microseconds), the same text as {@code seconds(epochNanos).toString()}:
     * no exponent, no float noise. The spans of a trace mostly start and end within the same second, so the
     * whole seconds' digits are kept from the last call and only the six decimals are worked out each time.
     */
    void seconds(long epochNanos) {
        long micros = Math.floorDiv(epochNanos, 1000L);
        if (micros < 0) {
            write((byte) '-');
            micros = -micros; // no overflow: |Long.MIN_VALUE / 1000| fits
        }
        long whole = micros / 1_000_000;
        if (whole != lastSecond || lastSecondDigits == null) {
            int start = size;
            number(whole);
            lastSecondDigits = Arrays.copyOfRange(bytes, start, size);
            lastSecond = whole;
        } else {
            write(lastSecondDigits);
        }
        ensure(7);
        byte[] b = bytes;
        int at = size;
        b[at] = '.';
        int fraction = (int) (micros - whole * 1_000_000);
        for (int i = 6; i >= 1; i--) {
            b[at + i] = (byte) ('0' + fraction % 10);
            fraction /= 10;
        }
        size = at + 7;
    }
}
