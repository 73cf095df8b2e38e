package io.github.sentryjakarta.internal.buffer;

import io.github.sentryjakarta.internal.span.Attributes;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.internal.propagation.Dsc;
import io.github.sentryjakarta.internal.envelope.EnvelopeQueue;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.span.SpanData;
import io.github.sentryjakarta.internal.span.SpanProcessor;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The span buffer of the stream lifecycle (SPEC §7): holds finished spans per trace and hands them to the
 * {@link EnvelopeQueue}, one call per trace and flush, from one worker thread. Modelled on OpenTelemetry's
 * {@code BatchSpanProcessor}: bounded, lock-free where application threads touch it, every drop counted.
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

    /** How long the worker, woken by a segment's hand-off, lets more segments gather before it takes them. */
    static final long HAND_OFF_LINGER_NANOS = 5_000_000L;

    /** Size estimate: bytes per span for ids, times, status and JSON punctuation. */
    public static final long SPAN_BASE_BYTES = 400;
    /** Size estimate: bytes per attribute; values are not measured. */
    public static final long ATTRIBUTE_BYTES = 80;

    private static final System.Logger LOG = System.getLogger(SpanBuffer.class.getName());


    private final ClientReports reports;
    private final EnvelopeQueue queue;
    private final int maxSpansPerTrace;
    private final long intervalNanos;
    private final long scanGranularityNanos;
    private final boolean debug;

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Bucket> ready = new ConcurrentLinkedQueue<>();
    private final SpanBound bound;

    private final AtomicLong flushRequested = new AtomicLong();
    private volatile long flushCompleted;
    private final WorkerSignal waiters = new WorkerSignal();
    private volatile boolean workerDone;
    private final AtomicBoolean closeCalled = new AtomicBoolean();
    private final AtomicBoolean workerFailureLogged = new AtomicBoolean();
    /** Set when the global bound refuses a span: the worker then hands over everything at once. */
    private final AtomicBoolean full = new AtomicBoolean();
    /**
     * True while the worker is about to park or parked. A hand-off unparks it only then: a worker that is
     * awake drains the ready queue anyway, and unparking costs the application thread a system call.
     */
    private volatile boolean workerParked;
    private final Thread worker;

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
        this.scanGranularityNanos = Math.min(intervalNanos, Math.max(intervalNanos / 100, 1_000_000L));
        this.debug = options.debug();
        Runnable loop = this::runWorker;
        Thread thread;
        if (threads != null) {
            thread = threads.newThread(loop);
            if (thread == null) {
                throw new IllegalStateException("the thread factory made no thread for the span buffer");
            }
        } else {
            thread = new Thread(loop, THREAD_NAME);
            thread.setDaemon(true);
        }
        this.worker = thread;
        thread.start();
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
                    handOff(bucket);
                    return;
                default:
                    if (span.isSegment()) {
                        handOff(bucket);
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
                if (!full.get() && full.compareAndSet(false, true)) {
                    LockSupport.unpark(worker);
                }
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

    private void handOff(Bucket bucket) {
        if (bucket.markHandedOff()) {
            ready.add(bucket);
            // The worker sets the flag before it checks the ready queue, and this thread reads it after adding:
            // one of the two sees the other (volatile accesses), so a bucket is never left waiting.
            if (workerParked) {
                LockSupport.unpark(worker);
            }
        }
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
            return workerDone && queue.flush(WorkerSignal.remaining(deadline));
        }
        long ticket = flushRequested.incrementAndGet();
        LockSupport.unpark(worker);
        if (!waiters.await(() -> flushCompleted >= ticket || workerDone, deadline)) {
            return false;
        }
        return queue.flush(WorkerSignal.remaining(deadline));
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
        LockSupport.unpark(worker);
        if (!waiters.await(() -> workerDone, deadline)) {
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

    // ---------------------------------------------------------------- worker

    private void runWorker() {
        long nextScan = System.nanoTime() + minimumDeadline();
        try {
            while (true) {
                Thread.interrupted(); // an interrupt must not turn parkNanos into a busy loop
                try {
                    if (bound.isClosed()) {
                        drainUntilEmpty();
                        return;
                    }
                    Bucket bucket;
                    while ((bucket = ready.poll()) != null) {
                        flushBucket(bucket);
                    }
                    if (full.getAndSet(false)) {
                        flushAll();
                    }
                    long requested = flushRequested.get();
                    if (requested != flushCompleted) {
                        flushAll();
                        flushCompleted = requested;
                        waiters.signal();
                    }
                    long now = System.nanoTime();
                    if (now - nextScan >= 0) {
                        nextScan = scan(now);
                    }
                    workerParked = true;
                    boolean parked = false;
                    if (ready.isEmpty() && !full.get() && flushRequested.get() == flushCompleted
                            && !bound.isClosed()) {
                        long wait = nextScan - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(this, wait);
                            parked = true;
                        }
                    }
                    workerParked = false;
                    if (parked && !ready.isEmpty() && !full.get() && flushRequested.get() == flushCompleted
                            && !bound.isClosed()) {
                        // Woken by a segment's hand-off: the segments ending meanwhile join without waking us
                        // again, so a busy server pays one wake-up per few requests, not one per request.
                        // flush(), close() and a full buffer still unpark at once.
                        LockSupport.parkNanos(this, HAND_OFF_LINGER_NANOS);
                    }
                } catch (RuntimeException | Error e) {
                    if (workerFailureLogged.compareAndSet(false, true)) {
                        LOG.log(Level.WARNING, "sentry-jakarta: the span buffer failed to hand over spans", e);
                    }
                    if (e instanceof VirtualMachineError) {
                        throw e;
                    }
                }
            }
        } finally {
            workerDone = true;
            waiters.signal();
        }
    }

    private long minimumDeadline() {
        return intervalNanos - intervalNanos / 10;
    }

    /**
     * Flushes the buckets whose deadline passed. @return when to scan next: the earliest deadline, but
     * not sooner than {@link #scanGranularityNanos} from now, so that many traces with spread deadlines
     * cost at most about 100 scans per interval
     */
    private long scan(long now) {
        // A bucket created after now has a deadline at least minimumDeadline() later: none can be missed.
        long next = now + minimumDeadline();
        for (Bucket bucket : buckets.values()) {
            if (now - bucket.deadlineNanos >= 0) {
                flushBucket(bucket);
            } else if (bucket.deadlineNanos - next < 0) {
                next = bucket.deadlineNanos;
            }
        }
        long earliest = now + scanGranularityNanos;
        return next - earliest < 0 ? earliest : next;
    }

    private void flushAll() {
        ready.clear();
        for (Bucket bucket : buckets.values()) {
            flushBucket(bucket);
        }
    }

    /** After close: no place can be reserved any more, so flushing until none is held ends quickly. */
    private void drainUntilEmpty() {
        while (true) {
            flushAll();
            if (bound.held() == 0) {
                return;
            }
            // An application thread reserved a place before the close and is still adding its span.
            Thread.yield();
        }
    }

    private void flushBucket(Bucket bucket) {
        int count = bucket.seal();
        if (count < 0) {
            return;
        }
        buckets.remove(bucket.traceId, bucket);
        List<SpanData> spans = bucket.take(count);
        // They leave the buffer here, before the hand-over: whoever sees them in the queue sees them gone here.
        bound.release(count);
        deliver(spans);
    }

    private void deliver(List<SpanData> spans) {
        if (spans.isEmpty()) {
            return;
        }
        Dsc dsc;
        try {
            // Every span carries its segment's name and name source as they were when it ended.
            SpanData first = spans.get(0);
            dsc = first.trace().freezeDsc(first.segmentName(), first.segmentNameSource());
        } catch (RuntimeException e) {
            reports.record(DiscardReason.QUEUE_OVERFLOW, DataCategory.SPAN, spans.size());
            if (workerFailureLogged.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "sentry-jakarta: the span buffer could not build a trace header", e);
            }
            return;
        }
        for (int from = 0; from < spans.size(); from += FLUSH_AT_SPANS) {
            List<SpanData> chunk = spans.size() <= FLUSH_AT_SPANS ? spans
                    : new ArrayList<>(spans.subList(from, Math.min(spans.size(), from + FLUSH_AT_SPANS)));
            try {
                queue.enqueueSpans(dsc, chunk);
            } catch (RuntimeException e) {
                reports.record(DiscardReason.QUEUE_OVERFLOW, DataCategory.SPAN, chunk.size());
                if (workerFailureLogged.compareAndSet(false, true)) {
                    LOG.log(Level.WARNING, "sentry-jakarta: the transport refused spans with an exception", e);
                }
            }
        }
    }
}
