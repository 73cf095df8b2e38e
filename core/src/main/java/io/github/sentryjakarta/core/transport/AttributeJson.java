package io.github.sentryjakarta.core.transport;

import jakarta.json.stream.JsonGenerator;
import java.util.List;

/**
 * How one attribute value is written: typed, as span v2 wants it ({@code {"type": T, "value": V}}), or as a
 * plain JSON value, as a transaction's {@code data} wants it. Attribute values are already normalized by
 * the core; the checks here are the last guard that keeps NaN, infinities and unknown types off the wire.
 */
final class AttributeJson {

    private AttributeJson() {
    }

    /** Writes {@code "key": {"type": T, "value": V}}. */
    static void writeTyped(JsonGenerator g, String key, Object value) {
        if (key == null || value == null) {
            return;
        }
        g.writeStartObject(key);
        g.write("type", type(value));
        g.writeKey("value");
        writePlain(g, value);
        g.writeEnd();
    }

    /** Writes a value after a key or inside an array. */
    static void writePlain(JsonGenerator g, Object value) {
        if (value instanceof String text) {
            g.write(text);
        } else if (value instanceof Boolean flag) {
            g.write(flag);
        } else if (isInteger(value)) {
            g.write(((Number) value).longValue());
        } else if (isDouble(value)) {
            double number = ((Number) value).doubleValue();
            if (Double.isFinite(number)) {
                g.write(number);
            } else {
                g.write(String.valueOf(number));
            }
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                if (item instanceof List || item == null) {
                    g.write(String.valueOf(item));
                } else {
                    writePlain(g, item);
                }
            }
            g.writeEnd();
        } else {
            g.write(String.valueOf(value));
        }
    }

    private static String type(Object value) {
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (isInteger(value)) {
            return "integer";
        }
        if (isDouble(value)) {
            return Double.isFinite(((Number) value).doubleValue()) ? "double" : "string";
        }
        if (value instanceof List) {
            return "array";
        }
        return "string";
    }

    private static boolean isInteger(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
    }

    private static boolean isDouble(Object value) {
        return value instanceof Double || value instanceof Float;
    }
}
