package io.github.sentryjakarta.jaxrs;

import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One span as the receiver got it, the same whichever lifecycle sent it: a span v2 item (stream) or a
 * transaction's trace context or child span (static). Status is normalised to {@code ok}/{@code error}.
 */
record Rec(String traceId, String spanId, String parentSpanId, String name, String status, boolean segment,
        Map<String, Object> attributes) {

    Object attr(String key) {
        return attributes.get(key);
    }

    static List<Rec> all(SentryReceiver receiver, TraceLifecycle lifecycle) {
        List<Rec> all = new ArrayList<>();
        if (lifecycle == TraceLifecycle.STREAM) {
            for (JsonObject span : receiver.spans()) {
                Map<String, Object> attributes = new LinkedHashMap<>();
                JsonObject typed = span.getJsonObject("attributes");
                if (typed != null) {
                    typed.forEach((k, v) -> attributes.put(k, plain(v.asJsonObject().get("value"))));
                }
                all.add(new Rec(span.getString("trace_id"), span.getString("span_id"),
                        span.getString("parent_span_id", null), span.getString("name"), span.getString("status"),
                        span.getBoolean("is_segment"), attributes));
            }
        } else {
            for (JsonObject transaction : receiver.transactions()) {
                JsonObject trace = transaction.getJsonObject("contexts").getJsonObject("trace");
                all.add(new Rec(trace.getString("trace_id"), trace.getString("span_id"),
                        trace.getString("parent_span_id", null), transaction.getString("transaction"),
                        status(trace.getString("status", "ok")), true, data(trace)));
                for (JsonValue child : transaction.getJsonArray("spans")) {
                    JsonObject span = child.asJsonObject();
                    all.add(new Rec(span.getString("trace_id"), span.getString("span_id"),
                            span.getString("parent_span_id", null), span.getString("description"),
                            status(span.getString("status", "ok")), false, data(span)));
                }
            }
        }
        return all;
    }

    private static String status(String status) {
        return "ok".equals(status) ? "ok" : "error";
    }

    private static Map<String, Object> data(JsonObject owner) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        JsonObject data = owner.getJsonObject("data");
        if (data != null) {
            data.forEach((k, v) -> attributes.put(k, plain(v)));
        }
        return attributes;
    }

    private static Object plain(JsonValue value) {
        if (value == null) {
            return null;
        }
        return switch (value.getValueType()) {
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).isIntegral() ? (Object) ((JsonNumber) value).longValue()
                    : (Object) ((JsonNumber) value).doubleValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            default -> value.toString();
        };
    }
}
