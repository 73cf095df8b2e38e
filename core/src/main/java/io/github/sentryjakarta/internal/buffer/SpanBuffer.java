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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The span buffer of the stream lifecycle (SPEC §7): holds finished spans per trace and hands them to the
 * {@link EnvelopeQueue}, one call per trace and flush, from one worker thread. Modelled on OpenTelemetry's
 * {@code BatchSpanProcessor}: bounded, lock-free where application threads touch it, every drop counted.
 *
 * <h2>Application threads</h2>
 * {@link #onEnd} never blocks, never does I/O or JSON and takes no lock: one CAS on the global count, a
 * {@link ConcurrentHashMap#get} (a {@code putIfAbsent} and a bucket of two small objects for a trace's first
 * span), one CAS and two atomic adds on the trace's bucket, and no allocation per span. A span that ends its segment, or fills its bucket to
 * {@value #FLUSH_AT_SPANS} spans or an estimated {@value #FLUSH_AT_BYTES} bytes, puts the bucket on a ready
 * queue and unparks the worker if it sleeps; the application thread does nothing more. The worker, once
 * woken, lets other segments gather for 5 ms before it takes them: under load
 * one wake-up (a system call on the application thread) serves many requests.
 *
 * <h2>Bounds (memory)</h2>
 * <ul>
 * <li>{@code sentry.span-buffer.max-buffered-spans} ({@link SentryOptions#maxBufferedSpans()}): spans held
 * by all buckets together, including those the worker is handing over. A place is reserved (CAS) before a
 * span is added; when none is left the span is dropped and counted {@code buffer_overflow}.</li>
 * <li>{@code sentry.span-buffer.max-spans-per-trace} ({@link SentryOptions#maxSpansPerTrace()}): spans one
 * trace's bucket holds; more are dropped and counted {@code buffer_overflow}.</li>
 * </ul>
 * So the buffer holds at most {@code max-buffered-spans} {@link SpanData} (each a small object plus its
 * attributes: at most {@value io.github.sentryjakarta.Span#MAX_ATTRIBUTES} attributes, strings at most
 * {@value io.github.sentryjakarta.Span#MAX_STRING_LENGTH} characters), one place in a bucket's arrays (4 to
 * 8 bytes) per span and one bucket (about 100 bytes) per trace with buffered spans. Beyond that, the transport bounds its
 * hand-off by {@code sentry.transport.queue-size} spans and its encoded envelopes by {@code sentry.transport.max-queued-bytes}.
 *
 * <h2>Flushing</h2>
 * A bucket is flushed (sealed, taken and handed to the queue by the worker) when
 * <ul>
 * <li>a segment (local root) of its trace ends: the worker is signalled at once and takes the bucket within
 * a few milliseconds;</li>
 * <li>it holds {@value #FLUSH_AT_SPANS} spans;</li>
 * <li>its estimated size reaches {@value #FLUSH_AT_BYTES} bytes (5 MiB). The estimate is deliberately cheap
 * and computed once per span on the application thread: {@value #SPAN_BASE_BYTES} bytes for ids, times,
 * status and JSON punctuation, plus the name's length, plus {@value #ATTRIBUTE_BYTES} bytes per attribute
 * (a typical {@code "key":{"type":"string","value":"..."}}); attribute values are not measured. The
 * transport's 10 MB envelope limit remains the hard guard;</li>
 * <li>it is older than {@code flush-interval} minus a random jitter of up to 10%: each bucket draws its
 * own deadline when it is created ({@code interval × (1 − u/10)}, {@code u} uniform in [0, 1)), so buckets
 * created together do not all flush in the same tick. The worker checks deadlines at the earliest one but
 * at most about 100 times per interval (never more often than every millisecond), so a bucket's first span
 * waits between 0.9 and 1.01 intervals. This is how spans that end after their segment (late children) and
 * spans of long-running segments are sent;</li>
 * <li>on {@link #flush(Duration)} (all buckets) and {@link #close(Duration)}.</li>
 * </ul>
 * Flushing freezes the trace's DSC ({@link io.github.sentryjakarta.internal.propagation.TraceContext#freezeDsc}) with the
 * segment name and name source the spans carry (as they were when each span ended), and calls {@link EnvelopeQueue#enqueueSpans} with at most {@value #FLUSH_AT_SPANS}
 * spans per call, all of one trace.
 *
 * <h2>Accounting</h2>
 * Every span given to {@link #onEnd} ends up in exactly one {@code enqueueSpans} call or is counted once:
 * {@code buffer_overflow} for the two bounds, {@code queue_overflow} when it arrives after
 * {@link #close(Duration)} started (the reason Sentry's SDKs use for a closed transport; the transport counts
 * a closed queue the same way), and {@code queue_overflow} if the queue throws instead of taking them.
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

    /** {@link #state}: the low 32 bits count buffered spans, this bit says closed. */
    private static final long CLOSED = 1L << 62;
    private static final long COUNT = 0xFFFF_FFFFL;

    private final ClientReports reports;
    private final EnvelopeQueue queue;
    private final int maxSpansPerTrace;
    private final int maxBufferedSpans;
    private final long intervalNanos;
    private final long scanGranularityNanos;
    private final boolean debug;

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Bucket> ready = new ConcurrentLinkedQueue<>();
    private final AtomicLong state = new AtomicLong();
    private final AtomicInteger peakBuffered = new AtomicInteger();

    private final AtomicLong flushRequested = new AtomicLong();
    private volatile long flushCompleted;
    private final Object signal = new Object();
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
        this.maxBufferedSpans = options.maxBufferedSpans();
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
                    state.decrementAndGet();
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
        while (true) {
            long s = state.get();
            if ((s & CLOSED) != 0) {
                reports.record(DiscardReason.QUEUE_OVERFLOW, DataCategory.SPAN, 1);
                return false;
            }
            int count = (int) (s & COUNT);
            if (count >= maxBufferedSpans) {
                reports.record(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN, 1);
                // Without this, partly filled buckets would wait for their interval (seconds) while every
                // new span is dropped; the transport's bounded queue is the right place to push back.
                if (!full.get() && full.compareAndSet(false, true)) {
                    LockSupport.unpark(worker);
                }
                return false;
            }
            if (state.compareAndSet(s, s + 1)) {
                if (count + 1 > peakBuffered.get()) {
                    peakBuffered.accumulateAndGet(count + 1, Math::max);
                }
                return true;
            }
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
        long deadline = deadline(timeout);
        if (closeCalled.get()) {
            return workerDone && queue.flush(remaining(deadline));
        }
        long ticket = flushRequested.incrementAndGet();
        LockSupport.unpark(worker);
        if (!awaitWorker(() -> flushCompleted >= ticket || workerDone, deadline)) {
            return false;
        }
        return queue.flush(remaining(deadline));
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
        long deadline = deadline(timeout);
        state.getAndUpdate(s -> s | CLOSED);
        LockSupport.unpark(worker);
        if (!awaitWorker(() -> workerDone, deadline)) {
            // The worker is stuck or never ran: what it has not taken yet is counted here instead. Sealing
            // decides who takes a bucket, so no span is counted and delivered both.
            long abandoned = abandonBuckets();
            if (debug || abandoned > 0) {
                LOG.log(Level.WARNING, "sentry-jakarta: the span buffer did not hand over all spans within {0}; "
                        + "{1} counted as queue_overflow", timeout, abandoned);
            }
        }
        queue.close(remaining(deadline));
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
            state.addAndGet(-count);
        }
        return abandoned;
    }

    /** @return the spans held right now, across all traces; never more than {@code max-buffered-spans} */
    public int bufferedSpans() {
        return (int) (state.get() & COUNT);
    }

    /** @return the most spans held at any one time since start */
    public int peakBufferedSpans() {
        return peakBuffered.get();
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
                    if ((state.get() & CLOSED) != 0) {
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
                        wakeWaiters();
                    }
                    long now = System.nanoTime();
                    if (now - nextScan >= 0) {
                        nextScan = scan(now);
                    }
                    workerParked = true;
                    boolean parked = false;
                    if (ready.isEmpty() && !full.get() && flushRequested.get() == flushCompleted
                            && (state.get() & CLOSED) == 0) {
                        long wait = nextScan - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(this, wait);
                            parked = true;
                        }
                    }
                    workerParked = false;
                    if (parked && !ready.isEmpty() && !full.get() && flushRequested.get() == flushCompleted
                            && (state.get() & CLOSED) == 0) {
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
            wakeWaiters();
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
            if ((state.get() & COUNT) == 0) {
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
        state.addAndGet(-count);
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

    // ---------------------------------------------------------------- waiting (flush and close callers only)

    private interface Condition {
        boolean holds();
    }

    private boolean awaitWorker(Condition condition, long deadline) {
        synchronized (signal) {
            while (!condition.holds()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    signal.wait(Math.max(1, left / 1_000_000), 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return condition.holds();
                }
            }
            return true;
        }
    }

    private void wakeWaiters() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private static long deadline(Duration timeout) {
        long nanos;
        try {
            nanos = timeout == null || timeout.isNegative() ? 0 : timeout.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE / 4;
        }
        return System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 4);
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
