package io.github.sentryjakarta.internal.transport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The envelopes the transport holds, waiting or in flight, in the order they came. Their gzip bytes count
 * against {@code sentry.transport.max-queued-bytes} from {@link #add} until {@link #done}, in flight included,
 * so that the bound also holds for what a back-off keeps waiting; an envelope that never reached Sentry goes
 * back to the head, still counted. Each has a sequence number, so that a flush waits for what was taken before
 * it and not for what came after. Not thread-safe: used under the transport's lock.
 */
final class SendQueue {

    /** One envelope held, with the sequence number flush waits on. */
    record Job(long sequence, Outgoing envelope) {
    }

    private final long maxBytes;
    private final ArrayDeque<Job> waiting = new ArrayDeque<>();
    /** Sequence numbers of envelopes taken and not yet answered, waiting or in flight. */
    private final TreeSet<Long> unfinished = new TreeSet<>();
    private long nextSequence;
    private long heldBytes;

    SendQueue(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** @return whether {@code envelope} fits in the byte bound besides what is held */
    boolean fits(Outgoing envelope) {
        return heldBytes + envelope.size() <= maxBytes;
    }

    /** Adds {@code envelope} at the tail, whether it fits or not (the outbox's envelopes at start always go). */
    void add(Outgoing envelope) {
        Job job = new Job(nextSequence++, envelope);
        waiting.addLast(job);
        unfinished.add(job.sequence());
        heldBytes += envelope.size();
    }

    /** @return the envelopes waiting, not those in flight */
    int size() {
        return waiting.size();
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** @return the head, now in flight; {@code null} when none waits */
    Job poll() {
        return waiting.pollFirst();
    }

    /** Puts a job that never reached Sentry back at the head: it goes again first. */
    void putBack(Job job) {
        waiting.addFirst(job);
    }

    /** {@code job} was answered or dropped: its bytes are free and flush no longer waits for it. */
    void done(Job job) {
        heldBytes -= job.envelope().size();
        unfinished.remove(job.sequence());
    }

    /** @return the sequence number of the last envelope added, -1 before the first */
    long lastSequence() {
        return nextSequence - 1;
    }

    /** @return whether every envelope up to {@code sequence} is done */
    boolean doneThrough(long sequence) {
        return unfinished.isEmpty() || unfinished.first() > sequence;
    }

    /** Empties the queue (shutdown): nothing is held any more. @return the envelopes that were waiting */
    List<Outgoing> clear() {
        List<Outgoing> left = new ArrayList<>(waiting.size());
        waiting.forEach(job -> left.add(job.envelope()));
        waiting.clear();
        unfinished.clear();
        heldBytes = 0;
        return left;
    }
}
