package io.github.sentryjakarta.testreceiver;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One span as the receiver got it, the same whichever lifecycle sent it: a span v2 item (stream lifecycle) or a
 * transaction event's trace context and child spans (static lifecycle). Tests read spans through this view
 * instead of walking JSON, so that the wire spelling of each lifecycle is known in one place.
 *
 * <p>Attribute values keep their JSON types: a string is a {@link String}, an integer a {@link Long}, a double a
 * {@link Double}, a boolean a {@link Boolean} and an array a {@link List} of those. A span v2 attribute whose
 * declared {@code type} does not match its value fails the reading, as Sentry would reject it.
 *
 * @param traceId      32 hex characters
 * @param spanId       16 hex characters
 * @param parentSpanId the parent's span id, or {@code null} for a span without a parent
 * @param name         the span name (a transaction's {@code transaction}, a child span's {@code description})
 * @param op           the operation ({@code sentry.op} attribute or {@code op} field), {@code default} if absent
 * @param status       span v2's {@code ok} or {@code error} as sent; a transaction's statuses other than {@code ok}
 *                     ({@code internal_error}, {@code not_found}...) read as {@code error}, a missing one as {@code ok}
 * @param sentStatus   the status exactly as sent, or {@code null} if absent
 * @param origin       {@code sentry.origin} or the {@code origin} field, or {@code null}
 * @param segment      whether the span is its service's local root ({@code is_segment}, or a transaction's root)
 * @param startSeconds start time, seconds since the epoch
 * @param endSeconds   end time, seconds since the epoch
 * @param attributes   the attributes by key, in the order sent, values as described above
 */
public record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, String op,
        String status, String sentStatus, String origin, boolean segment, double startSeconds, double endSeconds,
        Map<String, Object> attributes) {

    /** Copies the attributes so that the view cannot change. */
    public ReceivedSpan {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /**
     * Reads one span of a span v2 item ({@code items[n]} of a {@code span} item's payload).
     *
     * @param span the span JSON
     * @return the view
     */
    public static ReceivedSpan fromSpanV2(JsonObject span) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        JsonObject typed = span.getJsonObject("attributes");
        if (typed != null) {
            typed.forEach((key, value) -> attributes.put(key, typedValue(key, value.asJsonObject())));
        }
        Object op = attributes.get("sentry.op");
        Object origin = attributes.get("sentry.origin");
        String status = text(span, "status");
        return new ReceivedSpan(span.getString("trace_id"), span.getString("span_id"), text(span, "parent_span_id"),
                span.getString("name"), op instanceof String given ? given : "default", status, status,
                origin instanceof String given ? given : null, span.getBoolean("is_segment", false),
                seconds(span, "start_timestamp"), seconds(span, "end_timestamp"), attributes);
    }

    /**
     * Reads a transaction event: its root span (from {@code contexts.trace}) first, then its child spans.
     *
     * @param event the transaction event
     * @return the views, root first
     */
    public static List<ReceivedSpan> fromTransaction(JsonObject event) {
        JsonObject trace = event.getJsonObject("contexts").getJsonObject("trace");
        List<ReceivedSpan> spans = new ArrayList<>();
        spans.add(fromStatic(trace, event.getString("transaction"), true, seconds(event, "start_timestamp"),
                seconds(event, "timestamp")));
        if (event.get("spans") instanceof JsonArray children) {
            for (JsonObject child : children.getValuesAs(JsonObject.class)) {
                spans.add(fromStatic(child, child.getString("description", null), false,
                        seconds(child, "start_timestamp"), seconds(child, "timestamp")));
            }
        }
        return spans;
    }

    /**
     * An attribute's value.
     *
     * @param key the attribute key
     * @return the value with its JSON type (see the class comment), or {@code null} if absent
     */
    public Object attr(String key) {
        return attributes.get(key);
    }

    /**
     * An attribute's value as text, for comparing without caring for its type: {@code "200"} for an integer.
     *
     * @param key the attribute key
     * @return the value's text, or {@code null} if absent
     */
    public String attrText(String key) {
        Object value = attributes.get(key);
        return value == null ? null : value.toString();
    }

    /**
     * The duration.
     *
     * @return end minus start, in milliseconds
     */
    public double durationMillis() {
        return (endSeconds - startSeconds) * 1000;
    }

    private static ReceivedSpan fromStatic(JsonObject span, String name, boolean root, double start, double end) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        JsonObject data = span.getJsonObject("data");
        if (data != null) {
            data.forEach((key, value) -> attributes.put(key, plainValue(value)));
        }
        String status = text(span, "status");
        String op = text(span, "op");
        return new ReceivedSpan(span.getString("trace_id"), span.getString("span_id"), text(span, "parent_span_id"),
                name, op == null ? "default" : op, outcome(status), status, text(span, "origin"), root, start, end,
                attributes);
    }

    // Span v2 says "ok" or "error"; transaction events use Sentry's finer vocabulary ("internal_error",
    // "not_found"...) for what span v2 calls an error.
    private static String outcome(String status) {
        return status == null || "ok".equals(status) ? "ok" : "error";
    }

    private static Object typedValue(String key, JsonObject typed) {
        String type = typed.getString("type");
        JsonValue value = typed.get("value");
        Object plain = plainValue(value);
        boolean matches = switch (type) {
            case "string" -> plain instanceof String;
            case "integer" -> plain instanceof Long;
            case "double" -> plain instanceof Double || plain instanceof Long;
            case "boolean" -> plain instanceof Boolean;
            case "array" -> plain instanceof List;
            default -> false;
        };
        if (!matches) {
            throw new IllegalStateException("attribute " + key + " declares type " + type + " but holds " + value);
        }
        return "double".equals(type) ? (Object) ((Number) plain).doubleValue() : plain;
    }

    private static Object plainValue(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).isIntegral() ? (Object) ((JsonNumber) value).longValueExact()
                    : (Object) ((JsonNumber) value).doubleValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case ARRAY -> ((JsonArray) value).stream().map(ReceivedSpan::plainValue).toList();
            default -> value.toString();
        };
    }

    private static String text(JsonObject object, String key) {
        return object.get(key) instanceof JsonString string ? string.getString() : null;
    }

    private static double seconds(JsonObject object, String key) {
        return object.get(key) instanceof JsonNumber number ? number.doubleValue() : Double.NaN;
    }
}
