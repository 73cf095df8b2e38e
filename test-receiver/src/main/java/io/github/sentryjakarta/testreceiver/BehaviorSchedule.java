package io.github.sentryjakarta.testreceiver;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which behaviour the next envelope request gets: queued one-shot behaviours first, in order, then
 * the standing one. Lock-free because tests switch behaviours while the server is answering.
 */
final class BehaviorSchedule {

    private final AtomicReference<Behavior> standing = new AtomicReference<>(Behavior.accept());
    private final Queue<Behavior> once = new ConcurrentLinkedQueue<>();

    void always(Behavior behavior) {
        standing.set(Objects.requireNonNull(behavior, "behavior"));
    }

    void once(Behavior behavior) {
        once.add(Objects.requireNonNull(behavior, "behavior"));
    }

    Behavior next() {
        Behavior next = once.poll();
        return next != null ? next : standing.get();
    }

    void reset() {
        once.clear();
        standing.set(Behavior.accept());
    }
}
