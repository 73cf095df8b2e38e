package io.github.sentryjakarta.internal.span;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.integration.SharedAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The typed attributes of a span, in insertion order. Values are {@link String}, {@link Long},
 * {@link Double}, {@link Boolean} or an unmodifiable {@link List} of one of those. A span writes them until
 * it ends; from then on the instance is handed to its {@link SpanData} and never changes again, which is
 * why the snapshot needs no copy.
 *
 * <p>Bounds: {@value Span#MAX_ATTRIBUTES} keys, {@value Span#MAX_STRING_LENGTH} characters per string.
 */
public final class Attributes implements SharedAttributes {

    /** Keys and values side by side ({@code key, value, key, value...}): one array, one header, per span. */
    private Object[] entries;
    private int size;

    /** Empty attributes; filled once and never changed when they are {@linkplain SharedAttributes shared}. */
    public Attributes() {
    }

    /** @return the number of attributes */
    public int size() {
        return size;
    }

    /** @return the key at {@code index} */
    public String key(int index) {
        return (String) entries[2 * index];
    }

    /** @return the value at {@code index} */
    public Object value(int index) {
        return entries[2 * index + 1];
    }

    /** @return the value of {@code key}, or {@code null} */
    public Object get(String key) {
        int index = indexOf(key);
        return index < 0 ? null : value(index);
    }

    /** @return a new map of the attributes, in order */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(key(i), value(i));
        }
        return map;
    }

    /** @return a mutable copy */
    public Attributes copy() {
        Attributes copy = new Attributes();
        if (size > 0) {
            copy.entries = Arrays.copyOf(entries, 2 * size);
            copy.size = size;
        }
        return copy;
    }

    /**
     * Sets an attribute, converting the value to one of the supported types; {@code null} removes it.
     * Beyond the bound, new keys are ignored.
     */
    public void put(String key, Object value) {
        if (key == null) {
            return;
        }
        if (value == null) {
            remove(key);
            return;
        }
        Object normalized = normalize(value);
        int index = indexOf(key);
        if (index >= 0) {
            entries[2 * index + 1] = normalized;
            return;
        }
        if (size == Span.MAX_ATTRIBUTES) {
            return;
        }
        if (entries == null) {
            entries = new Object[8]; // most spans carry a few attributes: 4 places, doubled when needed
        } else if (2 * size == entries.length) {
            entries = Arrays.copyOf(entries, entries.length * 2);
        }
        entries[2 * size] = truncate(key);
        entries[2 * size + 1] = normalized;
        size++;
    }

    /** Removes {@code key} if present. */
    public void remove(String key) {
        int index = indexOf(key);
        if (index < 0) {
            return;
        }
        System.arraycopy(entries, 2 * index + 2, entries, 2 * index, 2 * (size - index - 1));
        size--;
        entries[2 * size] = null;
        entries[2 * size + 1] = null;
    }

    private int indexOf(String key) {
        for (int i = 0; i < size; i++) {
            if (entries[2 * i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    public static String truncate(String text) {
        return text.length() <= Span.MAX_STRING_LENGTH ? text : text.substring(0, Span.MAX_STRING_LENGTH);
    }

    static Object normalize(Object value) {
        if (value instanceof String text) {
            return truncate(text);
        }
        if (value instanceof Long || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double boxed) { // kept as it came: the API boxed it once already
            return Double.isFinite(boxed) ? boxed : String.valueOf(boxed);
        }
        if (value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? (Object) d : String.valueOf(d);
        }
        // Only real collections: other Iterables (a java.nio.file.Path iterates over Paths) are values.
        if (value instanceof java.util.Collection<?> collection) {
            return normalizeList(collection);
        }
        if (value instanceof Object[] array) {
            return normalizeList(Arrays.asList(array));
        }
        return truncate(String.valueOf(value));
    }

    /** Arrays must be homogeneous primitives; anything else is kept as its string form. */
    private static Object normalizeList(Iterable<?> iterable) {
        List<Object> items = new ArrayList<>();
        Class<?> type = null;
        for (Object item : iterable) {
            if (items.size() == Span.MAX_ATTRIBUTES) {
                break;
            }
            Object normalized = item == null ? null : normalize(item);
            if (normalized == null || normalized instanceof List
                    || (type != null && type != normalized.getClass())) {
                return truncate(String.valueOf(iterable));
            }
            type = normalized.getClass();
            items.add(normalized);
        }
        return Collections.unmodifiableList(items);
    }
}
