package io.github.sentryjakarta.testreceiver;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An envelope that was parsed successfully, with what the HTTP request said about it.
 */
public final class Envelope {

    private final JsonObject header;
    private final List<Item> items;
    private final byte[] bytes;
    private final int wireSize;
    private final boolean gzipped;
    private final Map<String, String> requestHeaders;
    private final Instant receivedAt;

    Envelope(JsonObject header, List<Item> items, byte[] bytes, int wireSize, boolean gzipped,
            Map<String, String> requestHeaders, Instant receivedAt) {
        this.header = header;
        this.items = List.copyOf(items);
        this.bytes = bytes;
        this.wireSize = wireSize;
        this.gzipped = gzipped;
        this.requestHeaders = Map.copyOf(requestHeaders);
        this.receivedAt = receivedAt;
    }

    /**
     * Parses envelope bytes with the same rules the receiver applies to a request body, so that
     * writer code can be checked without HTTP.
     *
     * @param bytes the uncompressed envelope
     * @return the parsed envelope, with no request headers
     * @throws MalformedEnvelopeException if Sentry would reject the bytes
     */
    public static Envelope parse(byte[] bytes) {
        byte[] copy = bytes.clone();
        EnvelopeParser.Parsed parsed = EnvelopeParser.parse(copy);
        return new Envelope(parsed.header(), parsed.items(), copy, copy.length, false, Map.of(), Instant.now());
    }

    /**
     * The envelope header, the first line.
     *
     * @return the envelope header
     */
    public JsonObject header() {
        return header;
    }

    /**
     * The items in the order they were sent.
     *
     * @return the items, unmodifiable
     */
    public List<Item> items() {
        return items;
    }

    /**
     * The request headers, names lower-cased; repeated headers are joined with a comma.
     *
     * @return the request headers, unmodifiable
     */
    public Map<String, String> requestHeaders() {
        return requestHeaders;
    }

    /**
     * Whether the body arrived with {@code Content-Encoding: gzip}.
     *
     * @return true if the body was gzipped
     */
    public boolean gzipped() {
        return gzipped;
    }

    /**
     * The size of the envelope itself, after decompression.
     *
     * @return the envelope size in bytes
     */
    public int size() {
        return bytes.length;
    }

    /**
     * The size of the request body as sent, compressed when {@link #gzipped()}.
     *
     * @return the body size in bytes
     */
    public int wireSize() {
        return wireSize;
    }

    /**
     * The uncompressed envelope bytes (a copy).
     *
     * @return the envelope bytes
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * When the receiver finished reading the request.
     *
     * @return the receive time
     */
    public Instant receivedAt() {
        return receivedAt;
    }

    @Override
    public String toString() {
        return "Envelope" + header + items;
    }
}
