package io.github.sentryjakarta.testreceiver;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Reads values out of what the receiver recorded, as plain strings, so that tests compare attributes without
 * caring for their JSON type: {@code "200"} for an integer, {@code "ok"} for a string.
 */
public final class SpanJson {

    private SpanJson() {
    }

    /** @return a span v2 attribute's value ({@code attributes.key.value}) as a string, or {@code null} if absent */
    public static String attr(JsonObject span, String key) {
        JsonObject attributes = span.getJsonObject("attributes");
        if (attributes == null || !attributes.containsKey(key)) {
            return null;
        }
        return plain(attributes.getJsonObject(key).get("value"));
    }

    /** @return a transaction's root attribute ({@code contexts.trace.data.key}) as a string, or {@code null} */
    public static String data(JsonObject transaction, String key) {
        JsonObject trace = transaction.getJsonObject("contexts").getJsonObject("trace");
        JsonObject data = trace.getJsonObject("data");
        return data == null || !data.containsKey(key) ? null : plain(data.get(key));
    }

    private static String plain(JsonValue value) {
        return value instanceof JsonString string ? string.getString() : value.toString();
    }
}
