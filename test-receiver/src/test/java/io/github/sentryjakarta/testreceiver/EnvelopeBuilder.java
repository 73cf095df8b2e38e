package io.github.sentryjakarta.testreceiver;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Builds envelope bytes by hand, including broken ones, so the parser is tested on exact bytes. */
final class EnvelopeBuilder {

    static final String HEADER = "{\"sent_at\":\"2026-01-01T00:00:00.000Z\",\"trace\":{\"trace_id\":"
            + "\"f2e4fd89be8e41fc8ceb8d967c89085d\",\"public_key\":\"publickey\"}}";
    static final String SPAN_HEADER = "{\"type\":\"span\",\"item_count\":%d,\"content_type\":"
            + "\"application/vnd.sentry.items.span.v2+json\"}";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private EnvelopeBuilder(String header) {
        raw(header + "\n");
    }

    static EnvelopeBuilder envelope() {
        return new EnvelopeBuilder(HEADER);
    }

    static EnvelopeBuilder envelope(String header) {
        return new EnvelopeBuilder(header);
    }

    static String span(String spanId) {
        return "{\"trace_id\":\"f2e4fd89be8e41fc8ceb8d967c89085d\",\"span_id\":\"" + spanId + "\","
                + "\"name\":\"GET /orders/{id}\",\"status\":\"ok\",\"is_segment\":true,"
                + "\"start_timestamp\":1795547024.036,\"end_timestamp\":1795547024.037,\"attributes\":{}}";
    }

    static String spans(String... spanIds) {
        return "{\"version\":2,\"items\":[" + Arrays.stream(spanIds).map(EnvelopeBuilder::span)
                .collect(Collectors.joining(",")) + "]}";
    }

    static String clientReport(String reason, String category, int quantity) {
        return "{\"timestamp\":1795547024,\"discarded_events\":[{\"reason\":\"" + reason + "\",\"category\":\""
                + category + "\",\"quantity\":" + quantity + "}]}";
    }

    /** A span item whose header declares its length. */
    EnvelopeBuilder spanItem(String... spanIds) {
        return item(String.format(SPAN_HEADER, spanIds.length), spans(spanIds));
    }

    /** Adds {@code "length"} to the item header, then the payload and a newline. */
    EnvelopeBuilder item(String header, String payload) {
        int length = payload.getBytes(StandardCharsets.UTF_8).length;
        return raw(header.substring(0, header.length() - 1) + ",\"length\":" + length + "}\n" + payload + "\n");
    }

    /** An item without {@code length}: the payload runs to the next newline. */
    EnvelopeBuilder itemUntilNewline(String header, String payload) {
        return raw(header + "\n" + payload + "\n");
    }

    EnvelopeBuilder raw(String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** The envelope without its final newline, which Sentry allows after the last payload. */
    byte[] bytesWithoutFinalNewline() {
        byte[] bytes = bytes();
        return Arrays.copyOf(bytes, bytes.length - 1);
    }
}
