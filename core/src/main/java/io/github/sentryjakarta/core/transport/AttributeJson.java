package io.github.sentryjakarta.core.transport;

import io.github.sentryjakarta.core.transport.EnvelopeWriter.JsonBuffer;
import jakarta.json.stream.JsonGenerator;
import java.util.List;

/**
 * How one attribute value is written: typed, as span v2 wants it ({@code {"type": T, "value": V}}), or as a
 * plain JSON value, as a transaction's {@code data} wants it. Attribute values are already normalized by
 * the core; the checks here are the last guard that keeps NaN, infinities and unknown types off the wire.
 *
 * <p>Two outputs, the same JSON: a JSON-P {@link JsonGenerator} (transaction events) and the span writer's
 * {@link JsonBuffer} (span v2 items, the sender's hot path).
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

    /** Writes {@code ,"key":{"type":T,"value":V}}: the leading comma is the caller's separator. */
    static void writeTyped(JsonBuffer out, String key, Object value) {
        if (key == null || value == null) {
            return;
        }
        out.write((byte) ',');
        out.string(key);
        out.write(typePrefix(value));
        writePlain(out, value);
        out.write((byte) '}');
    }

    /** The same value as {@link #writePlain(JsonGenerator, Object)} writes. */
    static void writePlain(JsonBuffer out, Object value) {
        if (value instanceof String text) {
            out.string(text);
        } else if (value instanceof Boolean flag) {
            out.write(flag ? TRUE : FALSE);
        } else if (isInteger(value)) {
            out.number(((Number) value).longValue());
        } else if (isDouble(value)) {
            double number = ((Number) value).doubleValue();
            if (Double.isFinite(number)) {
                out.number(number);
            } else {
                out.string(String.valueOf(number));
            }
        } else if (value instanceof List<?> list) {
            out.write((byte) '[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.write((byte) ',');
                }
                first = false;
                if (item instanceof List || item == null) {
                    out.string(String.valueOf(item));
                } else {
                    writePlain(out, item);
                }
            }
            out.write((byte) ']');
        } else {
            out.string(String.valueOf(value));
        }
    }

    private static final byte[] TRUE = EnvelopeWriter.ascii("true");
    private static final byte[] FALSE = EnvelopeWriter.ascii("false");
    private static final byte[] STRING_PREFIX = EnvelopeWriter.ascii(":{\"type\":\"string\",\"value\":");
    private static final byte[] BOOLEAN_PREFIX = EnvelopeWriter.ascii(":{\"type\":\"boolean\",\"value\":");
    private static final byte[] INTEGER_PREFIX = EnvelopeWriter.ascii(":{\"type\":\"integer\",\"value\":");
    private static final byte[] DOUBLE_PREFIX = EnvelopeWriter.ascii(":{\"type\":\"double\",\"value\":");
    private static final byte[] ARRAY_PREFIX = EnvelopeWriter.ascii(":{\"type\":\"array\",\"value\":");

    /** @return {@code :{"type":T,"value":} for the value, T as {@link #type} says */
    private static byte[] typePrefix(Object value) {
        if (value instanceof String) {
            return STRING_PREFIX;
        }
        return switch (type(value)) {
            case "boolean" -> BOOLEAN_PREFIX;
            case "integer" -> INTEGER_PREFIX;
            case "double" -> DOUBLE_PREFIX;
            case "array" -> ARRAY_PREFIX;
            default -> STRING_PREFIX;
        };
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
