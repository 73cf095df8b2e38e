package io.github.sentryjakarta.internal.envelope;

import io.github.sentryjakarta.internal.span.BeforeSendHook;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.internal.propagation.Dsc;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.span.SpanData;
import io.github.sentryjakarta.internal.error.ErrorEvent;
import io.github.sentryjakarta.internal.error.EventDraft;
import io.github.sentryjakarta.internal.error.EventPreparer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@link EnvelopeQueue} the span buffer and the transaction assembler hand finished traces to (and error
 * capture its events): a lock-free hand-off to one encoding thread, which runs the user's {@code BeforeSendSpan}
 * (and {@code BeforeSendEvent}), writes the envelopes ({@link EnvelopeEncoder}) and passes their bytes to an
 * {@link EnvelopeSink} (the transport).
 *
 * <p>Handing over is an add to a concurrent queue, two atomic counters and an unpark: no lock, no JSON, no
 * I/O on the caller's thread, which may be an application thread (static lifecycle). The hand-off holds at
 * most {@code sentry.transport.queue-size} spans (an error event counts as one); more are counted
 * {@code queue_overflow}. One thread encodes everything in order, which is what makes {@link #flush} simple:
 * a marker queued behind the work is reached when everything before it has been passed to the sink.
 */
public final class EncodingQueue implements EnvelopeQueue {

    /** Name of the thread made when no thread factory is given. */
    public static final String THREAD_NAME = "sentry-jakarta-encoder";

    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long STOP_GRACE_MILLIS = 100;
    private static final long ENCODING_RESERVE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final Logger LOG = System.getLogger(EncodingQueue.class.getName());

    private final ClientReports reports;
    private final EnvelopeSink sink;
    private final EnvelopeEncoder encoder;
    private final BeforeSendHook beforeSend;
    private final EventPreparer events;
    private final int maxQueuedSpans;
    private final Level detail;
    private final ConcurrentLinkedQueue<Object> work = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedSpans = new AtomicLong();
    /** Callers between their check of {@link #closed} and their add: close waits for them to finish. */
    private final AtomicInteger handingOver = new AtomicInteger();
    private final Thread worker;
    private volatile boolean closed;
    private volatile boolean stopping;

    /** A trace waiting to be encoded. */
    private record Pending(Dsc dsc, SpanData segment, List<SpanData> spans, int spanCount) {
        boolean isTransaction() {
            return segment != null;
        }
    }

    /** An error event waiting to be prepared (chain, hook) and encoded; it counts as one unit of the bound. */
    private record PendingEvent(Dsc dsc, ErrorEvent event) {
    }

    /** Reached once everything queued before it went to the sink. */
    private record Marker(CountDownLatch reached) {
    }

    /**
     * Creates the queue and starts its encoding thread.
     *
     * @param options the hook, the hand-off bound and what envelopes say about their origin
     * @param reports where drops are counted
     * @param sink where envelopes go; {@link #close} closes it
     * @param threadFactory where the encoding thread comes from; {@code null} for a daemon thread named
     *        {@value #THREAD_NAME}
     */
    public EncodingQueue(SentryOptions options, ClientReports reports, EnvelopeSink sink, ThreadFactory threadFactory) {
        this.reports = reports;
        this.sink = sink;
        this.encoder = new EnvelopeEncoder(options);
        this.beforeSend = new BeforeSendHook(options);
        this.events = new EventPreparer(options, reports);
        this.maxQueuedSpans = options.queueSize();
        this.detail = options.debug() ? Level.INFO : Level.DEBUG;
        ThreadFactory threads = threadFactory != null ? threadFactory : EncodingQueue::daemonThread;
        this.worker = threads.newThread(this::run);
        this.worker.start();
    }

    private static Thread daemonThread(Runnable task) {
        Thread thread = new Thread(task, THREAD_NAME);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void enqueueSpans(Dsc dsc, List<SpanData> spans) {
        try {
            if (spans == null || spans.isEmpty()) {
                return;
            }
            // A copy, so that a caller reusing its list cannot change what is waiting here.
            List<SpanData> copy = Arrays.asList(spans.toArray(new SpanData[0]));
            handOver(new Pending(dsc, null, copy, copy.size()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sentry-jakarta could not queue spans", e);
        }
    }

    @Override
    public void enqueueTransaction(Dsc dsc, SpanData segment, List<SpanData> children) {
        try {
            if (segment == null) {
                return;
            }
            List<SpanData> copy = children == null ? List.of() : Arrays.asList(children.toArray(new SpanData[0]));
            handOver(new Pending(dsc, segment, copy, copy.size() + 1));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sentry-jakarta could not queue a transaction", e);
        }
    }

    @Override
    public void enqueueEvent(Dsc dsc, ErrorEvent event) {
        if (event != null && !offer(new PendingEvent(dsc, event), 1)) {
            reports.record(DiscardReason.QUEUE_OVERFLOW, DataCategory.ERROR, 1);
        }
    }

    private void handOver(Pending pending) {
        if (!offer(pending, pending.spanCount())) {
            count(pending, DiscardReason.QUEUE_OVERFLOW);
        }
    }

    /** @return whether {@code item}, worth {@code units} of the bound, was queued */
    private boolean offer(Object item, int units) {
        handingOver.incrementAndGet();
        try {
            if (!closed) {
                if (queuedSpans.addAndGet(units) <= maxQueuedSpans) {
                    work.add(item);
                    LockSupport.unpark(worker);
                    return true;
                }
                queuedSpans.addAndGet(-units);
            }
        } finally {
            handingOver.decrementAndGet();
        }
        return false;
    }

    @Override
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + EnvelopeSink.timeoutNanos(timeout);
        if (closed) {
            return false;
        }
        try {
            return reachMarker(deadline) && sink.flush(remaining(deadline));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sentry-jakarta flush failed", e);
            return false;
        }
    }

    /** Queues a marker and waits until the encoding thread reaches it. */
    private boolean reachMarker(long deadline) {
        if (!worker.isAlive()) {
            return work.isEmpty();
        }
        Marker marker = new Marker(new CountDownLatch(1));
        work.add(marker);
        LockSupport.unpark(worker);
        try {
            return marker.reached().await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close(Duration timeout) {
        long deadline = System.nanoTime() + EnvelopeSink.timeoutNanos(timeout);
        if (closed) {
            return;
        }
        closed = true;
        while (handingOver.get() > 0) {
            Thread.onSpinWait(); // a caller between its check and its add: nanoseconds
        }
        // Encoding normally takes microseconds per trace; if it has not finished well before the deadline,
        // the rest is counted rather than sent, so that the sink keeps time to drain what it holds.
        long total = EnvelopeSink.timeoutNanos(timeout);
        reachMarker(deadline - Math.min(ENCODING_RESERVE_NANOS, total / 4));
        stopping = true;
        LockSupport.unpark(worker);
        try {
            // An envelope being encoded still goes to the sink (which counts it when too late), waited for
            // so that every count is in before close returns.
            worker.join(STOP_GRACE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Object left;
        while ((left = work.poll()) != null) { // only when encoding did not finish in time
            if (left instanceof Pending pending) {
                count(pending, DiscardReason.QUEUE_OVERFLOW);
            } else if (left instanceof PendingEvent) {
                reports.record(DiscardReason.QUEUE_OVERFLOW, DataCategory.ERROR, 1);
            }
        }
        sink.close(remaining(deadline));
    }

    // ---- encoding thread ----

    private void run() {
        while (!stopping) {
            Object next = work.poll();
            if (next == null) {
                long parkedAt = System.nanoTime();
                LockSupport.parkNanos(this, IDLE_NANOS);
                if (work.isEmpty() && System.nanoTime() - parkedAt >= IDLE_NANOS) {
                    sink.idle();
                }
                continue;
            }
            try {
                if (next instanceof Marker marker) {
                    marker.reached().countDown();
                } else if (next instanceof PendingEvent event) {
                    queuedSpans.decrementAndGet();
                    encode(event);
                } else {
                    Pending pending = (Pending) next;
                    queuedSpans.addAndGet(-pending.spanCount());
                    encode(pending);
                }
            } catch (RuntimeException | LinkageError | AssertionError e) {
                LOG.log(Level.WARNING, "sentry-jakarta: the encoder failed on an envelope", e);
            }
            Thread.interrupted(); // an interrupt from a managed pool must not end the encoder
        }
    }

    private void encode(Pending pending) {
        DataCategory category = pending.isTransaction() ? DataCategory.TRANSACTION : DataCategory.SPAN;
        if (sink.isRateLimited(category)) {
            count(pending, DiscardReason.RATELIMIT_BACKOFF);
            return;
        }
        List<ClientReports.Discard> report = sink.takeDueReport();
        boolean reportHandedOver = false;
        try {
            List<SpanData> spans = pending.spans(); // the queue's own copy: the hook's edits may replace its spans
            beforeSend.applyInPlace(spans);
            if (pending.isTransaction()) {
                EncodedEnvelope envelope = encoder.transaction(pending.dsc(), beforeSend.apply(pending.segment()), spans, report);
                if (envelope.bytes().length > EnvelopeEncoder.MAX_ENVELOPE_BYTES) {
                    LOG.log(detail, "sentry-jakarta dropped a transaction too large for an envelope");
                    count(pending, DiscardReason.SEND_ERROR);
                    return;
                }
                reportHandedOver = true;
                sink.send(envelope);
                return;
            }
            List<EncodedEnvelope> envelopes = encoder.spans(pending.dsc(), spans, report);
            int encoded = 0;
            for (EncodedEnvelope envelope : envelopes) {
                reportHandedOver |= envelope.report() == report;
                encoded += envelope.spans();
                sink.send(envelope);
            }
            int tooLarge = pending.spanCount() - encoded;
            if (tooLarge > 0) {
                reports.record(DiscardReason.SEND_ERROR, DataCategory.SPAN, tooLarge);
                LOG.log(detail, () -> "sentry-jakarta dropped " + tooLarge + " spans too large for an envelope");
            }
        } catch (RuntimeException e) {
            // A bug here must not kill the encoder: the work is lost, and counted.
            LOG.log(Level.WARNING, "sentry-jakarta could not write an envelope", e);
            count(pending, DiscardReason.SEND_ERROR);
        } finally {
            if (!reportHandedOver) {
                reports.restore(report);
            }
        }
    }

    private void encode(PendingEvent pending) {
        if (sink.isRateLimited(DataCategory.ERROR)) {
            reports.record(DiscardReason.RATELIMIT_BACKOFF, DataCategory.ERROR, 1);
            return;
        }
        try {
            EventDraft draft = events.prepare(pending.event());
            if (draft != null) {
                sink.send(encoder.event(pending.dsc(), draft));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sentry-jakarta could not write an error event", e);
            reports.record(DiscardReason.SEND_ERROR, DataCategory.ERROR, 1);
        }
    }

    private void count(Pending pending, DiscardReason reason) {
        reports.record(reason, DataCategory.SPAN, pending.spanCount());
        reports.record(reason, DataCategory.TRANSACTION, pending.isTransaction() ? 1 : 0);
        LOG.log(detail, () -> "sentry-jakarta dropped " + pending.spanCount() + " spans"
                + (pending.isTransaction() ? " (a transaction)" : "") + ": " + reason.wireName());
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
