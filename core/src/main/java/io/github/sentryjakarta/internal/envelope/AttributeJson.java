package io.github.sentryjakarta.internal.envelope;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How one attribute value is written: typed, as span v2 wants it ({@code {"type": T, "value": V}}), or as a
 * plain JSON value, as a transaction's {@code data} wants it. Attribute values are already normalized by
 * the core; the checks here are the last guard that keeps NaN, infinities and unknown types off the wire.
 */
final class AttributeJson {

    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] STRING_PREFIX = ascii(":{\"type\":\"string\",\"value\":");
    private static final byte[] BOOLEAN_PREFIX = ascii(":{\"type\":\"boolean\",\"value\":");
    private static final byte[] INTEGER_PREFIX = ascii(":{\"type\":\"integer\",\"value\":");
    private static final byte[] DOUBLE_PREFIX = ascii(":{\"type\":\"double\",\"value\":");
    private static final byte[] ARRAY_PREFIX = ascii(":{\"type\":\"array\",\"value\":");

    private AttributeJson() {
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
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

    /** Writes a value after a key or inside an array. */
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

    /** @return {@code :{"type":T,"value":} for the value */
    private static byte[] typePrefix(Object value) {
        if (value instanceof String) {
            return STRING_PREFIX;
        }
        if (value instanceof Boolean) {
            return BOOLEAN_PREFIX;
        }
        if (isInteger(value)) {
            return INTEGER_PREFIX;
        }
        if (isDouble(value)) {
            return Double.isFinite(((Number) value).doubleValue()) ? DOUBLE_PREFIX : STRING_PREFIX;
        }
        return value instanceof List ? ARRAY_PREFIX : STRING_PREFIX;
    }

    private static boolean isInteger(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
    }

    private static boolean isDouble(Object value) {
        return value instanceof Double || value instanceof Float;
    }
}
