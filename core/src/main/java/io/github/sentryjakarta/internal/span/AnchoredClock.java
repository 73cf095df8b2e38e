package io.github.sentryjakarta.internal.span;

import java.time.Instant;

/**
 * The clock of one local root and all its descendants (OpenTelemetry's {@code AnchoredClock}): the wall time is
 * read once, when the root starts, and every later time of the segment is that anchor plus the monotonic time
 * elapsed since. Spans of one segment thus never go back in time against each other, whatever the wall clock
 * does meanwhile, and a span's start or end reads only {@link System#nanoTime()}.
 */
final class AnchoredClock {

    /** For a segment that never records: nothing of it is sent, so no clock is read. */
    static final AnchoredClock NONE = new AnchoredClock(0, 0);

    private final long anchorEpochNanos;
    private final long anchorNanoTime;

    private AnchoredClock(long anchorEpochNanos, long anchorNanoTime) {
        this.anchorEpochNanos = anchorEpochNanos;
        this.anchorNanoTime = anchorNanoTime;
    }

    /** @return a clock anchored now */
    static AnchoredClock anchorNow() {
        Instant now = Instant.now();
        return new AnchoredClock(now.getEpochSecond() * 1_000_000_000L + now.getNano(), System.nanoTime());
    }

    /** @return the time the clock was anchored at, nanoseconds since the epoch */
    long anchorEpochNanos() {
        return anchorEpochNanos;
    }

    /** @return the current time, nanoseconds since the epoch; 0 on {@link #NONE} */
    long nowEpochNanos() {
        return this == NONE ? 0 : anchorEpochNanos + (System.nanoTime() - anchorNanoTime);
    }

    /** @return {@code instant} in nanoseconds since the epoch */
    static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
