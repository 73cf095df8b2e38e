package io.github.sentryjakarta.internal.buffer;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The span buffer's global bound ({@code sentry.buffer.max-buffered-spans}) and its closed state, in one atomic
 * word so that a span is either refused as closed or holds a place, never both: the low 32 bits count the spans
 * held, one high bit says closed. Lock-free: application threads reserve a place as their span ends, the
 * worker releases places as it hands buckets over. Also keeps the peak, for the figures.
 */
final class SpanBound {

    /** What {@link #reserve} answered. */
    enum Reservation { TAKEN, CLOSED, FULL }

    private static final long CLOSED = 1L << 62;
    private static final long COUNT = 0xFFFF_FFFFL;

    private final int max;
    private final AtomicLong state = new AtomicLong();
    private final AtomicInteger peak = new AtomicInteger();

    SpanBound(int max) {
        this.max = max;
    }

    /** Takes one place, unless closed or full. */
    Reservation reserve() {
        while (true) {
            long s = state.get();
            if ((s & CLOSED) != 0) {
                return Reservation.CLOSED;
            }
            int count = (int) (s & COUNT);
            if (count >= max) {
                return Reservation.FULL;
            }
            if (state.compareAndSet(s, s + 1)) {
                if (count + 1 > peak.get()) {
                    peak.accumulateAndGet(count + 1, Math::max);
                }
                return Reservation.TAKEN;
            }
        }
    }

    /** Gives back {@code places}: their spans left the buffer. */
    void release(int places) {
        state.addAndGet(-places);
    }

    /** Refuses every reservation from now on; the places held stay counted until released. */
    void close() {
        state.getAndUpdate(s -> s | CLOSED);
    }

    boolean isClosed() {
        return (state.get() & CLOSED) != 0;
    }

    /** @return the places held right now */
    int held() {
        return (int) (state.get() & COUNT);
    }

    /** @return the most places held at once since start */
    int peak() {
        return peak.get();
    }
}
