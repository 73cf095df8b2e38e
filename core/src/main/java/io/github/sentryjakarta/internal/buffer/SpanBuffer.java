package io.github.sentryjakarta.internal.buffer;

import io.github.sentryjakarta.internal.span.Attributes;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.internal.envelope.EnvelopeQueue;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.span.SpanData;
import io.github.sentryjakarta.internal.span.SpanProcessor;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The span buffer of the stream lifecycle (SPEC §7): holds finished spans per trace and hands them to the
 * {@link EnvelopeQueue}, one call per trace and flush, from one worker thread. Modelled on OpenTelemetry's
 * {@code BatchSpanProcessor}: bounded, lock-free where application threads touch it, every drop counted.
 * This class is the side application threads call (adding a span, flush, close); the thread that takes
 * buckets and hands them on is {@link BufferWorker}.
 *
 * <p>How application threads hand spans over, the bounds, when buckets flush and how every span is accounted
 * for: see the package documentation.
 */
public final class SpanBuffer implements SpanProcessor {

    /** A bucket holding this many spans is flushed; also the most spans per {@code enqueueSpans} call. */
    public static final int FLUSH_AT_SPANS = 1000;
    /** A bucket whose estimated size reaches this many bytes (5 MiB) is flushed. */
    public static final long FLUSH_AT_BYTES = 5L * 1024 * 1024;
    /** The name of the worker thread when no thread factory is given. */
    public static final String THREAD_NAME = "sentry-jakarta-span-buffer";

    /** Size estimate: bytes per span for ids, times, status and JSON punctuation. */
    public static final long SPAN_BASE_BYTES = 400;
    /** Size estimate: bytes per attribute; values are not measured. */
    public static final long ATTRIBUTE_BYTES = 80;

    private static final System.Logger LOG = System.getLogger(SpanBuffer.class.getName());

    private final ClientReports reports;
    private final EnvelopeQueue queue;
    private final int maxSpansPerTrace;
    private final long intervalNanos;
    private final boolean debug;

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final SpanBound bound;
    private final BufferWorker worker;
    private final AtomicBoolean closeCalled = new AtomicBoolean();

    /**
     * Creates the buffer and starts its worker thread.
     *
     * @param options bounds and flush interval
     * @param reports where drops are counted
     * @param queue where flushed spans go; {@link #close(Duration)} closes it
     * @param threads makes the worker thread; {@code null} for a daemon thread named {@value #THREAD_NAME}
     */
    public SpanBuffer(SentryOptions options, ClientReports reports, EnvelopeQueue queue, ThreadFactory threads) {
        this.reports = reports;
        this.queue = queue;
        this.maxSpansPerTrace = options.maxSpansPerTrace();
        this.bound = new SpanBound(options.maxBufferedSpans());
        this.intervalNanos = Math.max(1, options.flushInterval().toNanos());
        this.debug = options.debug();
        this.worker = new BufferWorker(buckets, bound, reports, queue, intervalNanos, threads);
        worker.start();
    }

    @Override
    public void onEnd(SpanData span) {
        if (span == null) {
            return;
        }
        if (!reserve()) {
            return;
        }
        String traceId = span.traceId();
        long bytes = estimateBytes(span);
        while (true) {
            Bucket bucket = buckets.get(traceId);
            if (bucket == null) {
                Bucket fresh = new Bucket(traceId, System.nanoTime() + jitteredInterval());
                bucket = buckets.putIfAbsent(traceId, fresh);
                if (bucket == null) {
                    bucket = fresh;
                }
            }
            int result = bucket.tryAdd(span, maxSpansPerTrace, FLUSH_AT_SPANS, FLUSH_AT_BYTES, bytes);
            switch (result) {
                case Bucket.SEALED_RETRY:
                    // The worker took it; it may not have removed it yet. Our reservation stays ours.
                    buckets.remove(traceId, bucket);
                    continue;
                case Bucket.FULL:
                    bound.release(1);
                    reports.record(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN, 1);
                    return;
                case Bucket.ADDED_FLUSH_NOW:
                    worker.handOff(bucket);
                    return;
                default:
                    if (span.isSegment()) {
                        worker.handOff(bucket);
                    }
                    return;
            }
        }
    }

    /** Takes one place of the global bound; counts the span and answers false if there is none. */
    private boolean reserve() {
        switch (bound.reserve()) {
            case TAKEN:
                return true;
            case CLOSED:
                reports.record(DiscardReason.QUEUE_OVERFLOW, DataCategory.SPAN, 1);
                return false;
            default:
                reports.record(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN, 1);
                // Without this, partly filled buckets would wait for their interval (seconds) while every
                // new span is dropped; the transport's bounded queue is the right place to push back.
                worker.bufferFull();
                return false;
        }
    }

    private long jitteredInterval() {
        return intervalNanos - ThreadLocalRandom.current().nextLong(intervalNanos / 10 + 1);
    }

    static long estimateBytes(SpanData span) {
        Attributes attributes = span.attributes();
        String name = span.name();
        return SPAN_BASE_BYTES + (name == null ? 0 : name.length())
                + ATTRIBUTE_BYTES * (attributes == null ? 0 : attributes.size());
    }

    /**
     * Hands every buffered span to the queue, then waits for the queue's flush with the time left.
     *
     * @return whether both happened within the timeout
     */
    @Override
    public boolean flush(Duration timeout) {
        long deadline = WorkerSignal.deadline(timeout);
        if (closeCalled.get()) {
            return worker.isDone() && queue.flush(WorkerSignal.remaining(deadline));
        }
        return worker.flushAll(deadline) && queue.flush(WorkerSignal.remaining(deadline));
    }

    /**
     * Refuses new spans from now on (each is counted {@code queue_overflow}), hands every buffered span to
     * the queue, then closes the queue with the time left, which sends what it can and the last client
     * report. Calling it again does nothing.
     */
    @Override
    public void close(Duration timeout) {
        if (!closeCalled.compareAndSet(false, true)) {
            return;
        }
        long deadline = WorkerSignal.deadline(timeout);
        bound.close();
        worker.wake();
        if (!worker.awaitDone(deadline)) {
            // The worker is stuck or never ran: what it has not taken yet is counted here instead. Sealing
            // decides who takes a bucket, so no span is counted and delivered both.
            long abandoned = abandonBuckets();
            if (debug || abandoned > 0) {
                LOG.log(Level.WARNING, "sentry-jakarta: the span buffer did not hand over all spans within {0}; "
                        + "{1} counted as queue_overflow", timeout, abandoned);
            }
        }
        queue.close(WorkerSignal.remaining(deadline));
    }

    private long abandonBuckets() {
        long abandoned = 0;
        for (Bucket bucket : buckets.values()) {
            int count = bucket.seal();
            if (count < 0) {
                continue;
            }
            buckets.remove(bucket.traceId, bucket);
            List<SpanData> spans = bucket.take(count);
            reports.record(DiscardReason.QUEUE_OVERFLOW, DataCategory.SPAN, spans.size());
            abandoned += spans.size();
            bound.release(count);
        }
        return abandoned;
    }

    /** @return the spans held right now, across all traces; never more than {@code max-buffered-spans} */
    public int bufferedSpans() {
        return bound.held();
    }

    /** @return the most spans held at any one time since start */
    public int peakBufferedSpans() {
        return bound.peak();
    }

    /** @return the number of traces with buffered spans right now */
    public int bufferedTraces() {
        return buckets.size();
    }
}
