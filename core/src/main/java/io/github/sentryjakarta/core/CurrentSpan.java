package io.github.sentryjakarta.core;

/**
 * The current span of each thread. A span remembers what was current before it; ending it restores the
 * first of those that has not ended. Spans that ended elsewhere (another thread, out of order) are skipped
 * lazily when read, so no thread ever sees an ended span as current.
 */
final class CurrentSpan {

    private static final ThreadLocal<SpanImpl> CURRENT = new ThreadLocal<>();

    private CurrentSpan() {
    }

    static SpanImpl get() {
        SpanImpl span = CURRENT.get();
        while (span != null && span.hasEnded()) {
            span = span.previous();
        }
        return span;
    }

    static void attach(SpanImpl span) {
        span.setPrevious(get());
        CURRENT.set(span);
    }

    /** If {@code span} is current here, makes the first of its predecessors that has not ended current. */
    static void detach(SpanImpl span) {
        if (CURRENT.get() != span) {
            return;
        }
        SpanImpl previous = span.previous();
        while (previous != null && previous.hasEnded()) {
            previous = previous.previous();
        }
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    /** Forgets whatever is current on this thread, e.g. when a pooled thread finishes a request. */
    static void clear() {
        CURRENT.remove();
    }
}
