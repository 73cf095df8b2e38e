package io.github.sentryjakarta.internal.propagation;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A dynamic sampling context: the {@code sentry-*} baggage members of a trace, and the {@code trace} header
 * of its envelopes. Immutable; a trace freezes one when it first propagates or first flushes, so that every
 * service and every envelope of the trace agree. Every trace of a busy server freezes one, so it is two
 * small arrays rather than a hash map.
 */
public final class Dsc {

    private final String[] keys;
    private final String[] values;
    /** Entries in use: the builder's arrays are kept as they are, with room to spare. */
    private final int size;

    private Dsc(String[] keys, String[] values, int size) {
        this.keys = keys;
        this.values = values;
        this.size = size;
    }

    /** @return the entries, keys without the {@code sentry-} prefix, e.g. {@code trace_id}, in their order; unmodifiable */
    public Map<String, String> entries() {
        return new Entries();
    }

    /** @return the number of entries; with {@link #key} and {@link #value}, a walk that allocates nothing */
    public int size() {
        return size;
    }

    /** @return the key of entry {@code i} (in order, without the {@code sentry-} prefix) */
    public String key(int i) {
        return keys[i];
    }

    /** @return the value of entry {@code i} */
    public String value(int i) {
        return values[i];
    }

    /** @return the value of {@code key}, or {@code null} */
    public String get(String key) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                return values[i];
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return entries().toString();
    }

    /** Collects entries in order; putting a key again replaces its value in place. */
    static final class Builder {
        private String[] keys;
        private String[] values;
        private int size;

        Builder(int expected) {
            keys = new String[Math.max(expected, 1)];
            values = new String[keys.length];
        }

        Builder put(String key, String value) {
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) {
                    values[i] = value;
                    return this;
                }
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            keys[size] = key;
            values[size] = value;
            size++;
            return this;
        }

        Builder putAll(Map<String, String> entries) {
            entries.forEach(this::put);
            return this;
        }

        /** @return the DSC; the builder must not be used afterwards */
        Dsc build() {
            return new Dsc(keys, values, size);
        }
    }

    /** A read-only map over the two arrays. */
    private final class Entries extends AbstractMap<String, String> {

        @Override
        public String get(Object key) {
            return key instanceof String k ? Dsc.this.get(k) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, String>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < size;
                        }

                        @Override
                        public Entry<String, String> next() {
                            if (next >= size) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new SimpleImmutableEntry<>(keys[i], values[i]);
                        }
                    };
                }

                @Override
                public int size() {
                    return size;
                }
            };
        }
    }
}
