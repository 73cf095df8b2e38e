package io.github.sentryjakarta.internal.span;

import java.time.Duration;

/**
 * Receives every finished, sampled span: the span buffer in the stream lifecycle, the transaction
 * assembler in the static one. {@link #onEnd} runs on the application thread that ended the span, so it
 * must be quick: no I/O, no JSON, no lock held across I/O.
 */
public interface SpanProcessor {

    /** A processor that drops everything, for a disabled library. */
    SpanProcessor NOOP = new SpanProcessor() {
        @Override
        public void onEnd(SpanData span) {
        }

        @Override
        public boolean flush(Duration timeout) {
            return true;
        }

        @Override
        public void close(Duration timeout) {
        }
    };

    /** Takes a finished span. */
    void onEnd(SpanData span);

    /**
     * A local root was dropped by {@code sentry.ignore-spans} after children of it may have been handed in:
     * whatever is held for it can go (and is counted {@code ignored}). Nothing to do by default.
     *
     * @param segmentId the root's span id
     */
    default void onIgnoredSegment(long segmentId) {
    }

    /** Sends everything held and waits for it. @return whether all of it was handed over in time */
    boolean flush(Duration timeout);

    /** Flushes, then refuses (and counts) whatever arrives later. */
    void close(Duration timeout);
}
