package io.github.sentryjakarta.testreceiver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Everything the receiver saw, behind one lock whose condition is signalled on every change, so
 * tests wait for exactly the event they need instead of sleeping and polling.
 */
final class Journal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Envelope> accepted = new ArrayList<>();
    private final List<Envelope> refused = new ArrayList<>();
    private final List<Envelope> spotlight = new ArrayList<>();
    private final List<String> rejections = new ArrayList<>();
    private int requests;

    void countRequest() {
        change(() -> requests++);
    }

    void accepted(Envelope envelope) {
        change(() -> accepted.add(envelope));
    }

    void refused(Envelope envelope) {
        change(() -> refused.add(envelope));
    }

    void spotlight(Envelope envelope) {
        change(() -> spotlight.add(envelope));
    }

    void rejected(String reason) {
        change(() -> rejections.add(reason));
    }

    List<Envelope> accepted() {
        return read(() -> List.copyOf(accepted));
    }

    List<Envelope> takeAccepted() {
        return read(() -> {
            List<Envelope> taken = List.copyOf(accepted);
            accepted.clear();
            return taken;
        });
    }

    List<Envelope> refused() {
        return read(() -> List.copyOf(refused));
    }

    List<Envelope> spotlight() {
        return read(() -> List.copyOf(spotlight));
    }

    List<String> rejections() {
        return read(() -> List.copyOf(rejections));
    }

    int requests() {
        return read(() -> requests);
    }

    void clear() {
        change(() -> {
            accepted.clear();
            refused.clear();
            spotlight.clear();
            rejections.clear();
            requests = 0;
        });
    }

    /**
     * Waits until {@code condition} holds, re-checking it after every change. The condition runs
     * under the lock, so it sees a consistent journal; the lock is reentrant, so it may read back.
     */
    boolean await(BooleanSupplier condition, Duration timeout) {
        long remaining = nanos(timeout);
        lock.lock();
        try {
            while (!condition.getAsBoolean()) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return condition.getAsBoolean();
        } finally {
            lock.unlock();
        }
    }

    private static long nanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return TimeUnit.DAYS.toNanos(365 * 100L);
        }
    }

    private void change(Runnable mutation) {
        lock.lock();
        try {
            mutation.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private <T> T read(Supplier<T> reader) {
        lock.lock();
        try {
            return reader.get();
        } finally {
            lock.unlock();
        }
    }
}
