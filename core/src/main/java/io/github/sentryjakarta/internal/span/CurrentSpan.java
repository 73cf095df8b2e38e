package io.github.sentryjakarta.internal.span;

/**
 * The current span of each thread, as a stack of scopes: making a span current pushes a scope that remembers
 * what was current before; ending it pops back to the first predecessor that has not ended. Spans that ended
 * elsewhere (another thread, out of order) are skipped lazily when read, so no thread ever sees an ended span
 * as current. The scope, not the span, remembers the predecessor, so one span can be current on two threads
 * at once (a request handed from an event loop to a worker) without either thread's chain corrupting the other.
 *
 * <p>"Nothing current" is a {@code null} value, not a removed entry: {@code ThreadLocal.remove()} at the end of
 * every local root made the next root's {@code set} allocate a new map entry and rehash its neighbours. A null
 * value holds nothing, so a pooled thread keeps no span (and no class loader) alive.
 */
public final class CurrentSpan {

    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private record Scope(SpanImpl span, Scope previous) {
    }

    private CurrentSpan() {
    }

    public static SpanImpl get() {
        Scope scope = live(CURRENT.get());
        return scope == null ? null : scope.span();
    }

    public static void attach(SpanImpl span) {
        CURRENT.set(new Scope(span, live(CURRENT.get())));
    }

    /** If {@code span} is current here, makes the first of its predecessors that has not ended current. */
    public static void detach(SpanImpl span) {
        Scope top = CURRENT.get();
        if (top == null || top.span() != span) {
            return;
        }
        Scope previous = live(top.previous());
        CURRENT.set(previous);
    }

    /**
     * Makes {@code span} (or nothing, for {@code null}) the only current span of this thread, for a task that
     * runs with a captured context. @return the thread's previous state, for {@link #restore}
     */
    public static Object replace(SpanImpl span) {
        Scope previous = CURRENT.get();
        CURRENT.set(span == null ? null : new Scope(span, null));
        return previous;
    }

    /** Puts back what {@link #replace} returned. */
    public static void restore(Object saved) {
        CURRENT.set(saved instanceof Scope scope ? scope : null);
    }

    /** Forgets whatever is current on this thread, e.g. when a pooled thread finishes a request. */
    public static void clear() {
        CURRENT.set(null);
    }

    private static Scope live(Scope scope) {
        while (scope != null && scope.span().hasEnded()) {
            scope = scope.previous();
        }
        return scope;
    }
}
