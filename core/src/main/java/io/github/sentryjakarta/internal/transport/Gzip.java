package io.github.sentryjakarta.internal.transport;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip (RFC 1952) at {@link Deflater#BEST_SPEED} for envelopes of {@code sentry.transport.gzip-min-bytes} or
 * more; smaller ones go as they are. Compressing is most of what encoding a request's trace costs (about 15 of
 * 18 µs for six spans), while a small envelope gains little on the wire, which is why Sentry's Node transport
 * also compresses only from 32 KiB. At {@link Deflater#BEST_SPEED} it takes less than half the default level's
 * CPU, for a larger body (56 instead of 36 bytes per span in {@code EnvelopeWriterBenchmark}, still 1/29 of
 * the JSON). One deflater, CRC and output buffer are reused, so calls are serialized (the encoding worker is the only caller). The deflater's native
 * memory goes with the transport (the JDK's cleaner ends it).
 */
final class Gzip {

    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, 0};
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int BUFFER_KEEP_LIMIT = 1 << 20;

    private final long minBytes;
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private final CRC32 crc = new CRC32();
    private byte[] buffer = new byte[BUFFER_SIZE];

    /** @param minBytes the smallest envelope compressed; 0 compresses all */
    Gzip(long minBytes) {
        this.minBytes = minBytes;
    }

    /** @return what to post for this envelope: compressed from {@code minBytes} on, else the envelope itself */
    byte[] body(byte[] envelope) {
        return envelope.length >= minBytes ? compress(envelope) : envelope;
    }

    /** @return whether a body is gzip: an envelope as it is starts with its JSON header instead */
    static boolean isCompressed(byte[] body) {
        return body.length >= 2 && body[0] == HEADER[0] && body[1] == HEADER[1];
    }

    /** @return {@code bytes} compressed, in a new array of its own */
    synchronized byte[] compress(byte[] bytes) {
        deflater.reset();
        deflater.setInput(bytes);
        deflater.finish();
        crc.reset();
        crc.update(bytes);
        byte[] out = buffer;
        System.arraycopy(HEADER, 0, out, 0, HEADER.length);
        int at = HEADER.length;
        while (!deflater.finished()) {
            if (at == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            at += deflater.deflate(out, at, out.length - at);
        }
        if (out.length - at < 8) {
            out = Arrays.copyOf(out, at + 8);
        }
        at = littleEndian(out, at, (int) crc.getValue());
        at = littleEndian(out, at, bytes.length); // ISIZE: the input length modulo 2^32
        deflater.reset(); // drops its reference to the input: an idle sender keeps no envelope alive
        buffer = out.length > BUFFER_KEEP_LIMIT ? new byte[BUFFER_SIZE] : out;
        return Arrays.copyOf(out, at);
    }

    private static int littleEndian(byte[] into, int at, int value) {
        into[at] = (byte) value;
        into[at + 1] = (byte) (value >>> 8);
        into[at + 2] = (byte) (value >>> 16);
        into[at + 3] = (byte) (value >>> 24);
        return at + 4;
    }
}
