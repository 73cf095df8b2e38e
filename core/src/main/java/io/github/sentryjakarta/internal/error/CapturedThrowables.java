package io.github.sentryjakarta.internal.error;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * Exceptions by identity, held weakly, each with a value: which were captured already (so that one passing
 * several layers, or wrapped by one, becomes one event) and in which span each was first recorded. A
 * collected exception's entry goes with the next change. Bounded: beyond {@value #MAX_ENTRIES} live entries the
 * map starts over, which at worst lets an old exception be captured a second time. Error path only: a plain
 * monitor guards it.
 *
 * @param <V> what is kept per exception
 */
final class CapturedThrowables<V> {

    static final int MAX_ENTRIES = 4096;

    private final Map<Key, V> entries = new HashMap<>();
    private final ReferenceQueue<Throwable> collected = new ReferenceQueue<>();

    /** @return the value of {@code throwable}, or {@code null} */
    synchronized V get(Throwable throwable) {
        return entries.get(new Key(throwable, null));
    }

    /** Sets the value of {@code throwable} unless it has one. @return whether it had none */
    synchronized boolean putIfAbsent(Throwable throwable, V value) {
        expunge();
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        return entries.putIfAbsent(new Key(throwable, collected), value) == null;
    }

    private void expunge() {
        for (Object key; (key = collected.poll()) != null; ) {
            entries.remove(key);
        }
    }

    /** A weak reference equal to another by the identity of its referent (a collected one only to itself). */
    private static final class Key extends WeakReference<Throwable> {
        private final int hash;

        Key(Throwable referent, ReferenceQueue<Throwable> queue) {
            super(referent, queue);
            this.hash = System.identityHashCode(referent);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            Throwable referent = get();
            return other instanceof Key key && referent != null && referent == key.get();
        }
    }
}
