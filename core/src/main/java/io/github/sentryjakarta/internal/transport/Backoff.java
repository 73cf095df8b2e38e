package io.github.sentryjakarta.internal.transport;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * How long to wait before trying Sentry again after connection errors: 100 ms doubling per failure in a
 * row up to 30 s, each wait drawn at random from its upper half (jitter), so that many servers that lost
 * Sentry at the same moment do not come back in step. A success ends it. Not thread-safe: the transport
 * calls it under its lock.
 */
final class Backoff {

    static final long FIRST_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(30);

    private int failures;
    private long until;

    /** Records a connection error at {@code now}. @return the wait it starts, in nanoseconds */
    long failed(long now) {
        failures = Math.min(failures + 1, 30);
        long ceiling = Math.min(MAX_NANOS, FIRST_NANOS << Math.min(failures - 1, 20));
        long wait = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        until = now + wait;
        return wait;
    }

    /** A request went through: no more waiting. */
    void succeeded() {
        failures = 0;
    }

    /** @return whether the last requests failed to connect, so that the next one is a probe */
    boolean failing() {
        return failures > 0;
    }

    /** @return nanoseconds still to wait at {@code now}; 0 or less when a probe may go */
    long remaining(long now) {
        return failures == 0 ? 0 : until - now;
    }

    /** Lets the next probe go at once (shutdown tries once more whatever the back-off said). */
    void expire(long now) {
        until = now;
    }
}
