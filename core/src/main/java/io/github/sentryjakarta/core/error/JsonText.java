package io.github.sentryjakarta.core.error;

import java.math.BigDecimal;

/**
 * Compact JSON written by hand into a {@link StringBuilder}: objects, arrays, string, integer, boolean and
 * decimal values, with {@code null} values left out. Strings are escaped as JSON requires (quote, backslash,
 * control characters); keys are the library's own and trusted. Not thread-safe.
 */
final class JsonText {

    private final StringBuilder out = new StringBuilder(2048);
    /** Per nesting level: whether something was written at that level already (a comma comes next). */
    private boolean[] started = new boolean[16];
    private int depth;

    JsonText beginObject() {
        return open(null, '{');
    }

    JsonText beginObject(String key) {
        return open(key, '{');
    }

    JsonText beginArray(String key) {
        return open(key, '[');
    }

    JsonText endObject() {
        return close('}');
    }

    JsonText endArray() {
        return close(']');
    }

    JsonText field(String key, String value) {
        if (value != null) {
            key(key);
            string(value);
        }
        return this;
    }

    JsonText field(String key, long value) {
        key(key);
        out.append(value);
        return this;
    }

    JsonText field(String key, boolean value) {
        key(key);
        out.append(value);
        return this;
    }

    JsonText field(String key, BigDecimal value) {
        key(key);
        out.append(value.toPlainString());
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private JsonText open(String key, char bracket) {
        if (key != null) {
            key(key);
        } else {
            comma();
        }
        out.append(bracket);
        if (++depth == started.length) {
            started = java.util.Arrays.copyOf(started, depth * 2);
        }
        started[depth] = false;
        return this;
    }

    private JsonText close(char bracket) {
        out.append(bracket);
        depth--;
        return this;
    }

    private void key(String key) {
        comma();
        string(key);
        out.append(':');
    }

    private void comma() {
        if (started[depth]) {
            out.append(',');
        }
        started[depth] = true;
    }

    private void string(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
