package io.github.sentryjakarta.internal.envelope;

import io.github.sentryjakarta.internal.error.ErrorEvent;
import io.github.sentryjakarta.internal.error.EventQueue;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.internal.propagation.Dsc;
import io.github.sentryjakarta.internal.span.SpanData;
import java.time.Duration;
import java.util.List;

/**
 * The transport as the span buffer and the transaction assembler see it: a bounded queue of envelopes
 * that one sender thread serializes and posts. Enqueueing never blocks and never does I/O or JSON; what
 * does not fit is counted as {@link DiscardReason#QUEUE_OVERFLOW}, per span.
 */
public interface EnvelopeQueue extends EventQueue {

    /**
     * Queues the spans of one trace as one envelope (split into items of at most 1000 spans).
     *
     * @param dsc the trace's frozen DSC, the envelope's {@code trace} header
     * @param spans finished spans, all of the same trace
     */
    void enqueueSpans(Dsc dsc, List<SpanData> spans);

    /**
     * Queues one transaction event (static lifecycle).
     *
     * @param dsc the trace's frozen DSC
     * @param segment the local root, which becomes the transaction
     * @param children its finished children, already bounded by {@code sentry.max-spans}
     */
    void enqueueTransaction(Dsc dsc, SpanData segment, List<SpanData> children);

    /**
     * Queues one error event, alone in its envelope; counted in category {@code error} when dropped. The
     * default drops it uncounted: for queues that carry no events (test doubles); a transport overrides it.
     *
     * @param dsc the trace's DSC, or {@code null} for an event outside any trace
     * @param event the captured error
     */
    @Override
    default void enqueueEvent(Dsc dsc, ErrorEvent event) {
    }

    /** Waits until everything queued so far was sent (or dropped and counted). @return whether in time */
    boolean flush(Duration timeout);

    /** Flushes within the timeout, sends the last client report, then refuses and counts what comes. */
    void close(Duration timeout);
}
