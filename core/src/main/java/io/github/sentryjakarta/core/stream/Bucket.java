package io.github.sentryjakarta.core.stream;

import io.github.sentryjakarta.core.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The finished spans of one trace waiting to be flushed. Used once: application threads add to it until the
 * worker {@linkplain #seal() seals} it, takes its spans and forgets it; spans of the same trace that end
 * later go to a fresh bucket.
 *
 * <p>Adding is lock-free: a CAS on {@link #reserved} claims a place (this is where the per-trace bound and
 * the seal are checked), then the span goes into a {@link ConcurrentLinkedQueue} and {@link #written} is
 * incremented. Sealing CASes {@code reserved} to {@value #SEALED}; from then on no place can be claimed, and
 * the worker waits for {@code written} to catch up with the places claimed before the seal (a few
 * instructions on the adding threads) before it takes exactly that many spans. An adder that finds the
 * bucket sealed claims nothing and retries with a fresh bucket, so no span is lost and none is taken twice.
 */
final class Bucket {

    /** What {@link #tryAdd} did. */
    static final int ADDED = 0;
    /** Added, and the bucket reached a size at which it should be flushed now. */
    static final int ADDED_FLUSH_NOW = 1;
    /** Not added: the bucket holds the per-trace maximum. */
    static final int FULL = 2;
    /** Not added: the worker took the bucket; retry with a fresh one. */
    static final int SEALED_RETRY = 3;

    private static final int SEALED = -1;

    final String traceId;
    /** {@link System#nanoTime()} at which the interval flush is due (bucket age, jittered). */
    final long deadlineNanos;

    private final ConcurrentLinkedQueue<SpanData> spans = new ConcurrentLinkedQueue<>();
    private final AtomicInteger reserved = new AtomicInteger();
    private final AtomicInteger written = new AtomicInteger();
    private final AtomicLong estimatedBytes = new AtomicLong();
    private final AtomicBoolean handedOff = new AtomicBoolean();

    Bucket(String traceId, long deadlineNanos) {
        this.traceId = traceId;
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * Adds a span unless the bucket is full or sealed.
     *
     * @param maxSpans the per-trace bound
     * @param flushAtSpans the count at which the bucket asks to be flushed
     * @param flushAtBytes the estimated size at which the bucket asks to be flushed
     * @param bytes the span's estimated size
     */
    int tryAdd(SpanData span, int maxSpans, int flushAtSpans, long flushAtBytes, long bytes) {
        int count;
        do {
            count = reserved.get();
            if (count == SEALED) {
                return SEALED_RETRY;
            }
            if (count >= maxSpans) {
                return FULL;
            }
        } while (!reserved.compareAndSet(count, count + 1));
        long size;
        try {
            spans.add(span);
            size = estimatedBytes.addAndGet(bytes);
        } finally {
            // Always, even if the add failed: the worker waits for written to reach the claimed places.
            written.incrementAndGet();
        }
        return count + 1 >= flushAtSpans || size >= flushAtBytes ? ADDED_FLUSH_NOW : ADDED;
    }

    /** @return true the first time only: the caller puts the bucket on the ready queue */
    boolean markHandedOff() {
        return !handedOff.get() && handedOff.compareAndSet(false, true);
    }

    /** @return the number of spans claimed before the seal, or -1 if the bucket was already sealed */
    int seal() {
        int count;
        do {
            count = reserved.get();
            if (count == SEALED) {
                return -1;
            }
        } while (!reserved.compareAndSet(count, SEALED));
        return count;
    }

    /** Waits for the adders still between their claim and their write, then takes the spans. After {@link #seal()}. */
    List<SpanData> take(int count) {
        int spins = 0;
        while (written.get() < count) {
            if (++spins < 100) {
                Thread.onSpinWait();
            } else if (spins < 200) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(10_000);
            }
        }
        List<SpanData> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SpanData span = spans.poll();
            if (span != null) {
                out.add(span);
            }
        }
        return out;
    }

    /** @return the spans claimed so far, or -1 once sealed (diagnostics) */
    int size() {
        return reserved.get();
    }
}
