package io.github.sentryjakarta.internal.transport;

import io.github.sentryjakarta.internal.outcome.DiscardReason;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The envelopes being sent, by sender thread, and what shutdown does with those still in flight when its time
 * runs out: it interrupts their senders, and counts itself those whose senders do not come back in time, so
 * that every envelope is counted exactly once, by its sender or by close, never by both and never by neither
 * (the hand-over happens under the transport's lock, in {@link #finished}). Then one WARN line names them all,
 * since no client report can carry what happened to requests that may have arrived. Not thread-safe: used under
 * the transport's lock.
 */
final class InFlight {

    private static final Logger LOG = System.getLogger(HttpTransport.class.getName());

    private final Map<Thread, SendQueue.Job> sending = new HashMap<>();
    /** Senders whose envelope close gave up on and counted: they must not count it again. */
    private final Set<Thread> abandoned = new HashSet<>();
    /** Envelopes in flight at shutdown whose request failed once cancelled: their senders counted them. */
    private int cancelledEnvelopes;
    private long cancelledSpans;

    /** @return the envelopes in flight */
    int size() {
        return sending.size();
    }

    /** The calling sender starts sending {@code job}. */
    void started(SendQueue.Job job) {
        sending.put(Thread.currentThread(), job);
    }

    /**
     * The calling sender's request ended; from here on the sender counts its envelope, unless close did.
     *
     * @param cancelled whether it failed because shutdown cancelled it: named in close's summary
     * @return whether the sender must count it (false: close already did)
     */
    boolean finished(Outgoing envelope, boolean cancelled) {
        Thread sender = Thread.currentThread();
        if (abandoned.remove(sender)) {
            return false;
        }
        sending.remove(sender);
        if (cancelled) {
            cancelledEnvelopes++;
            cancelledSpans += envelope.spans();
        }
        return true;
    }

    /** Interrupts the senders: over our own HTTP/1.1 that closes the socket, and the request ends at once. */
    void interrupt() {
        sending.keySet().forEach(Thread::interrupt);
    }

    /** Counts as lost what is still in flight, and logs once what shutdown abandoned. */
    void abandon(Discards discards) {
        long abandonedSpans = cancelledSpans;
        for (Map.Entry<Thread, SendQueue.Job> each : sending.entrySet()) {
            abandoned.add(each.getKey());
            abandonedSpans += each.getValue().envelope().spans();
            discards.lost(each.getValue().envelope(), DiscardReason.NETWORK_ERROR);
        }
        sending.clear();
        int abandonedEnvelopes = abandoned.size() + cancelledEnvelopes;
        if (abandonedEnvelopes > 0) {
            LOG.log(Level.WARNING, "sentry-jakarta abandoned " + abandonedEnvelopes + " envelopes (" + abandonedSpans
                    + " spans) still in flight when the shutdown timeout ran out (counted as network_error;"
                    + " the server may have received some of them)");
        }
    }
}
