package io.github.sentryjakarta.testreceiver;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The checks Relay makes beyond framing that would make it drop what this project sends: typed
 * envelope header fields, the span v2 container, and the client report shape.
 */
final class EnvelopeRules {

    static final String SPAN_V2 = "application/vnd.sentry.items.span.v2+json";
    private static final int MAX_SPANS_PER_ITEM = 1000;
    private static final Pattern EVENT_ID =
            Pattern.compile("[0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private EnvelopeRules() {
    }

    // Relay deserializes these two into typed fields, so a bad value fails the whole envelope.
    static void checkEnvelopeHeader(JsonObject header) {
        JsonValue eventId = header.get("event_id");
        if (eventId != null && eventId.getValueType() != JsonValue.ValueType.NULL
                && !(eventId instanceof JsonString && EVENT_ID.matcher(((JsonString) eventId).getString()).matches())) {
            throw new MalformedEnvelopeException("envelope header event_id is not a UUID: " + eventId);
        }
        JsonValue sentAt = header.get("sent_at");
        if (sentAt != null && sentAt.getValueType() != JsonValue.ValueType.NULL) {
            if (!(sentAt instanceof JsonString)) {
                throw new MalformedEnvelopeException("envelope header sent_at is not a string: " + sentAt);
            }
            try {
                OffsetDateTime.parse(((JsonString) sentAt).getString());
            } catch (DateTimeParseException e) {
                throw new MalformedEnvelopeException("envelope header sent_at is not RFC 3339: " + sentAt);
            }
        }
    }

    static void checkItem(JsonObject header, JsonObject payload, String where) {
        switch (header.getString("type")) {
            case "span" -> checkSpanContainer(header, payload, where);
            case "client_report" -> checkClientReport(payload, where);
            case "event" -> checkEvent(payload, where);
            default -> {
                // other types only need to be JSON objects, which framing already checked
            }
        }
    }

    // Mirrors Relay's ItemContainer::parse: content type and item_count must match the payload.
    private static void checkSpanContainer(JsonObject header, JsonObject payload, String where) {
        JsonValue contentType = header.get("content_type");
        if (!(contentType instanceof JsonString) || !SPAN_V2.equals(((JsonString) contentType).getString())) {
            throw new MalformedEnvelopeException(where + " span item content_type is " + contentType + ", not " + SPAN_V2);
        }
        if (!payload.containsKey("version") || !isInteger(payload.get("version"), 2)) {
            throw new MalformedEnvelopeException(where + " span container version is " + payload.get("version") + ", not 2");
        }
        JsonValue items = payload.get("items");
        if (!(items instanceof JsonArray)) {
            throw new MalformedEnvelopeException(where + " span container has no \"items\" array");
        }
        JsonArray spans = (JsonArray) items;
        if (spans.isEmpty() || spans.size() > MAX_SPANS_PER_ITEM) {
            throw new MalformedEnvelopeException(where + " span container holds " + spans.size()
                    + " spans, expected 1 to " + MAX_SPANS_PER_ITEM);
        }
        for (JsonValue span : spans) {
            if (span.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new MalformedEnvelopeException(where + " span container holds a non-object: " + span);
            }
        }
        if (!isInteger(header.get("item_count"), spans.size())) {
            throw new MalformedEnvelopeException(where + " item_count is " + header.get("item_count")
                    + " but the container holds " + spans.size() + " spans");
        }
    }

    // Relay's event schema: a string event_id, a timestamp (number or RFC 3339), exception values with typed frames.
    private static void checkEvent(JsonObject payload, String where) {
        if (!(payload.get("event_id") instanceof JsonString id) || !EVENT_ID.matcher(id.getString()).matches()) {
            throw new MalformedEnvelopeException(where + " event has no valid event_id: " + payload.get("event_id"));
        }
        JsonValue timestamp = payload.get("timestamp");
        if (timestamp != null && !(timestamp instanceof JsonNumber) && !isRfc3339(timestamp)) {
            throw new MalformedEnvelopeException(where + " event timestamp is neither a number nor RFC 3339: " + timestamp);
        }
        JsonValue exception = payload.get("exception");
        if (exception == null) {
            return;
        }
        if (!(exception instanceof JsonObject holder) || !(holder.get("values") instanceof JsonArray values)) {
            throw new MalformedEnvelopeException(where + " event exception has no \"values\" array");
        }
        for (JsonValue value : values) {
            if (!(value instanceof JsonObject entry) || !(entry.get("type") instanceof JsonString)) {
                throw new MalformedEnvelopeException(where + " exception value without a string type: " + value);
            }
            JsonValue stacktrace = entry.get("stacktrace");
            if (stacktrace != null && !(stacktrace instanceof JsonObject trace && trace.get("frames") instanceof JsonArray)) {
                throw new MalformedEnvelopeException(where + " stacktrace without a frames array: " + stacktrace);
            }
        }
    }

    private static boolean isRfc3339(JsonValue value) {
        try {
            return value instanceof JsonString text && OffsetDateTime.parse(text.getString()) != null;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static void checkClientReport(JsonObject payload, String where) {
        JsonValue discarded = payload.get("discarded_events");
        if (discarded == null) {
            return;
        }
        if (!(discarded instanceof JsonArray)) {
            throw new MalformedEnvelopeException(where + " discarded_events is not an array");
        }
        for (JsonValue entry : (JsonArray) discarded) {
            if (!(entry instanceof JsonObject)
                    || !(((JsonObject) entry).get("reason") instanceof JsonString)
                    || !(((JsonObject) entry).get("category") instanceof JsonString)
                    || !isCount(((JsonObject) entry).get("quantity"))) {
                throw new MalformedEnvelopeException(where
                        + " discarded_events entry needs string reason, string category and a non-negative integer quantity: "
                        + entry);
            }
        }
    }

    private static boolean isInteger(JsonValue value, long expected) {
        return value instanceof JsonNumber && ((JsonNumber) value).isIntegral()
                && ((JsonNumber) value).bigDecimalValue().compareTo(BigDecimal.valueOf(expected)) == 0;
    }

    private static boolean isCount(JsonValue value) {
        return value instanceof JsonNumber && ((JsonNumber) value).isIntegral()
                && ((JsonNumber) value).bigDecimalValue().signum() >= 0
                && ((JsonNumber) value).bigDecimalValue().compareTo(BigDecimal.valueOf(0xFFFF_FFFFL)) <= 0;
    }
}
