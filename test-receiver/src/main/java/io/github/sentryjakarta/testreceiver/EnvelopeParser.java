package io.github.sentryjakarta.testreceiver;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits envelope bytes into header and items following Relay's framing rules
 * ({@code Envelope::parse_bytes} and {@code Item::parse}).
 *
 * <p>Header lines must be compact: they are taken up to the next newline and must be exactly one
 * JSON object. Relay tolerates whitespace around a header; the SPEC demands compact JSON, so
 * whitespace there is reported rather than forgiven.
 */
final class EnvelopeParser {

    private static final byte NEWLINE = '\n';

    /** The result of framing: the envelope header and the items, each item already validated. */
    record Parsed(JsonObject header, List<Item> items) {
    }

    private EnvelopeParser() {
    }

    static Parsed parse(byte[] bytes) {
        if (bytes.length == 0) {
            throw new MalformedEnvelopeException("missing envelope header: the body is empty");
        }
        int headerEnd = lineEnd(bytes, 0);
        JsonObject header = headerLine(bytes, 0, headerEnd, "envelope header");
        EnvelopeRules.checkEnvelopeHeader(header);

        List<Item> items = new ArrayList<>();
        int offset = headerEnd + 1;
        while (offset < bytes.length) {
            offset = parseItem(bytes, offset, items);
        }
        // Relay accepts an empty envelope, but nothing in this project should ever send one.
        if (items.isEmpty()) {
            throw new MalformedEnvelopeException("envelope has no items");
        }
        return new Parsed(header, List.copyOf(items));
    }

    /** Parses the item starting at {@code offset} and returns where the next one starts. */
    private static int parseItem(byte[] bytes, int offset, List<Item> items) {
        String where = "item " + items.size();
        int headerEnd = lineEnd(bytes, offset);
        JsonObject header = headerLine(bytes, offset, headerEnd, where + " header");
        requireType(header, where);

        // The last header needs no newline, so the payload may start at the very end.
        int payloadStart = Math.min(headerEnd + 1, bytes.length);
        int payloadEnd;
        Long length = length(header, where);
        if (length != null) {
            if (length > bytes.length - payloadStart) {
                throw new MalformedEnvelopeException(where + " declares length " + length + " but only "
                        + (bytes.length - payloadStart) + " bytes follow its header");
            }
            payloadEnd = payloadStart + length.intValue();
            if (payloadEnd < bytes.length && bytes[payloadEnd] != NEWLINE) {
                throw new MalformedEnvelopeException(where + " payload of length " + length
                        + " is not followed by a newline (found byte " + bytes[payloadEnd] + ")");
            }
        } else {
            payloadEnd = lineEnd(bytes, payloadStart);
        }

        byte[] payload = Arrays.copyOfRange(bytes, payloadStart, payloadEnd);
        JsonObject json = StrictJson.object(payload, 0, payload.length, where + " (" + header.getString("type")
                + ") payload");
        EnvelopeRules.checkItem(header, json, where);
        items.add(new Item(header, payload, json));
        return payloadEnd + 1;
    }

    private static JsonObject headerLine(byte[] bytes, int from, int to, String what) {
        if (from == to || bytes[from] != '{' || bytes[to - 1] != '}') {
            throw new MalformedEnvelopeException(what + " must be one compact JSON object on its own line, got: "
                    + preview(bytes, from, to));
        }
        return StrictJson.object(bytes, from, to, what);
    }

    private static void requireType(JsonObject header, String where) {
        JsonValue type = header.get("type");
        if (!(type instanceof JsonString) || ((JsonString) type).getString().isEmpty()) {
            throw new MalformedEnvelopeException(where + " header has no string \"type\": " + header);
        }
    }

    // Relay reads length as Option<u32>: absent and null both mean "up to the next newline".
    private static Long length(JsonObject header, String where) {
        JsonValue value = header.get("length");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonNumber) || !((JsonNumber) value).isIntegral()
                || ((JsonNumber) value).bigDecimalValue().signum() < 0
                || ((JsonNumber) value).bigDecimalValue().compareTo(BigDecimal.valueOf(0xFFFF_FFFFL)) > 0) {
            throw new MalformedEnvelopeException(where + " header has an invalid length: " + value);
        }
        return ((JsonNumber) value).longValue();
    }

    private static int lineEnd(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == NEWLINE) {
                return i;
            }
        }
        return bytes.length;
    }

    private static String preview(byte[] bytes, int from, int to) {
        int end = Math.min(to, from + 80);
        return "'" + new String(bytes, from, end - from, StandardCharsets.UTF_8)
                + (end < to ? "..." : "") + "'";
    }
}
