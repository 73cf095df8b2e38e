package io.github.sentryjakarta.internal.transport;

import java.time.Duration;

/**
 * When the next client report may go: at most once per interval, or at once when a flush asks. Every sender
 * asks after every envelope and the answer is nearly always "not yet", so that answer is one volatile read,
 * without the transport's lock (which the senders and the encoder otherwise take for every envelope).
 */
final class ReportSchedule {

    private final long intervalNanos;
    /** {@link System#nanoTime()} from which the next report may go. */
    private volatile long dueNanos;

    /** @param interval the least time between two reports; the first may go at once */
    ReportSchedule(Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.dueNanos = System.nanoTime();
    }

    /**
     * @param now whether the report may go before it is due (a flush)
     * @return whether the caller may send a report now; if so, the next is due an interval later
     */
    boolean take(boolean now) {
        long time = System.nanoTime();
        if (!now && time - dueNanos < 0) {
            return false;
        }
        synchronized (this) {
            if (!now && time - dueNanos < 0) {
                return false; // another sender took it
            }
            dueNanos = time + intervalNanos;
            return true;
        }
    }
}
