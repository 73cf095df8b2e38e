package io.github.sentryjakarta.internal.buffer;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Where the callers of {@code flush} and {@code close} wait for the span buffer's worker, with a deadline: the
 * worker signals after each flush it was asked for and when it ends. Only those callers ever wait here; the
 * application's threads never do.
 */
final class WorkerSignal {

    private final Object monitor = new Object();

    /** @return whether {@code condition} held by {@code deadline} ({@link System#nanoTime()}) */
    boolean await(BooleanSupplier condition, long deadline) {
        synchronized (monitor) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    monitor.wait(Math.max(1, left / 1_000_000), 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return condition.getAsBoolean();
                }
            }
            return true;
        }
    }

    /** Wakes every waiter to check its condition again. */
    void signal() {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    /** @return the {@link System#nanoTime()} deadline {@code timeout} from now; none or negative is now */
    static long deadline(Duration timeout) {
        long nanos;
        try {
            nanos = timeout == null || timeout.isNegative() ? 0 : timeout.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE / 4;
        }
        return System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 4);
    }

    /** @return the time left until {@code deadline}, never negative */
    static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
