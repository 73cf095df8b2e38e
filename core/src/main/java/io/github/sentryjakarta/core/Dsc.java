package io.github.sentryjakarta.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A dynamic sampling context: the {@code sentry-*} baggage members of a trace, and the {@code trace} header
 * of its envelopes. Immutable; a trace freezes one when it first propagates or first flushes, so that every
 * service and every envelope of the trace agree.
 */
public final class Dsc {

    private final Map<String, String> entries;

    /** @param entries a map nobody else holds, kept as it is (in its order) */
    Dsc(LinkedHashMap<String, String> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** @return the entries, keys without the {@code sentry-} prefix, e.g. {@code trace_id} */
    public Map<String, String> entries() {
        return entries;
    }

    /** @return the value of {@code key}, or {@code null} */
    public String get(String key) {
        return entries.get(key);
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
