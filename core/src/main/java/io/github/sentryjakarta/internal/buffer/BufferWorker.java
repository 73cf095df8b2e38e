package io.github.sentryjakarta.internal.buffer;

import io.github.sentryjakarta.internal.envelope.EnvelopeQueue;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.internal.propagation.Dsc;
import io.github.sentryjakarta.internal.span.SpanData;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The span buffer's one thread: it takes the buckets that application threads hand off (a segment ended, a
 * bucket filled), the buckets whose deadline passed, and every bucket on a flush, a full buffer or close,
 * and hands their spans to the {@link EnvelopeQueue} with the trace's frozen DSC. It is apart from
 * {@link SpanBuffer} because the two sides never run on the same thread: the buffer is what application
 * threads touch (lock-free, no allocation per span), this is where the waiting, the scanning and the
 * per-trace work happen. Sealing a bucket decides who takes it, so a span is delivered or counted once.
 */
final class BufferWorker {

    /** How long the worker, woken by a segment's hand-off, lets more segments gather before it takes them. */
    static final long HAND_OFF_LINGER_NANOS = 5_000_000L;

    private static final System.Logger LOG = System.getLogger(SpanBuffer.class.getName());

    private final Map<String, Bucket> buckets;
    private final SpanBound bound;
    private final ClientReports reports;
    private final EnvelopeQueue queue;
    private final long intervalNanos;
    private final long scanGranularityNanos;

    private final ConcurrentLinkedQueue<Bucket> ready = new ConcurrentLinkedQueue<>();
    private final AtomicLong flushRequested = new AtomicLong();
    private volatile long flushCompleted;
    private final WorkerSignal waiters = new WorkerSignal();
    private volatile boolean done;
    private final AtomicBoolean failureLogged = new AtomicBoolean();
    /** Set when the global bound refuses a span: the worker then hands over everything at once. */
    private final AtomicBoolean full = new AtomicBoolean();
    /**
     * True while the worker is about to park or parked. A hand-off unparks it only then: a worker that is
     * awake drains the ready queue anyway, and unparking costs the application thread a system call.
     */
    private volatile boolean parked;
    private final Thread thread;

    /**
     * @param buckets the buffer's buckets by trace id, shared with the application threads that fill them
     * @param threads makes the thread; {@code null} for a daemon thread named {@value SpanBuffer#THREAD_NAME}
     */
    BufferWorker(Map<String, Bucket> buckets, SpanBound bound, ClientReports reports, EnvelopeQueue queue,
            long intervalNanos, ThreadFactory threads) {
        this.buckets = buckets;
        this.bound = bound;
        this.reports = reports;
        this.queue = queue;
        this.intervalNanos = intervalNanos;
        this.scanGranularityNanos = Math.min(intervalNanos, Math.max(intervalNanos / 100, 1_000_000L));
        Runnable loop = this::run;
        Thread made;
        if (threads != null) {
            made = threads.newThread(loop);
            if (made == null) {
                throw new IllegalStateException("the thread factory made no thread for the span buffer");
            }
        } else {
            made = new Thread(loop, SpanBuffer.THREAD_NAME);
            made.setDaemon(true);
        }
        this.thread = made;
    }

    void start() {
        thread.start();
    }

    // ---- called by other threads ----

    /** Queues a bucket to be taken soon, once per bucket; wakes the worker only if it sleeps. */
    void handOff(Bucket bucket) {
        if (bucket.markHandedOff()) {
            ready.add(bucket);
            // The worker sets the flag before it checks the ready queue, and this thread reads it after adding:
            // one of the two sees the other (volatile accesses), so a bucket is never left waiting.
            if (parked) {
                LockSupport.unpark(thread);
            }
        }
    }

    /** The global bound refused a span: partly filled buckets must go now, not at their deadline. */
    void bufferFull() {
        if (!full.get() && full.compareAndSet(false, true)) {
            LockSupport.unpark(thread);
        }
    }

    /** @return whether every bucket held when this was called was handed to the queue by {@code deadline} */
    boolean flushAll(long deadline) {
        long ticket = flushRequested.incrementAndGet();
        LockSupport.unpark(thread);
        return waiters.await(() -> flushCompleted >= ticket || done, deadline);
    }

    /** Wakes the worker to see that the bound is closed; it then drains every bucket and ends. */
    void wake() {
        LockSupport.unpark(thread);
    }

    /** @return whether the worker ended by {@code deadline} */
    boolean awaitDone(long deadline) {
        return waiters.await(() -> done, deadline);
    }

    boolean isDone() {
        return done;
    }

    // ---- the worker thread ----

    private void run() {
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
                        flushEverything();
                    }
                    long requested = flushRequested.get();
                    if (requested != flushCompleted) {
                        flushEverything();
                        flushCompleted = requested;
                        waiters.signal();
                    }
                    long now = System.nanoTime();
                    if (now - nextScan >= 0) {
                        nextScan = scan(now);
                    }
                    park(nextScan);
                } catch (RuntimeException | Error e) {
                    logFailure("the span buffer failed to hand over spans", e);
                    if (e instanceof VirtualMachineError) {
                        throw e;
                    }
                }
            }
        } finally {
            done = true;
            waiters.signal();
        }
    }

    private void park(long nextScan) {
        parked = true;
        boolean slept = false;
        if (ready.isEmpty() && !urgent()) {
            long wait = nextScan - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                slept = true;
            }
        }
        parked = false;
        if (slept && !ready.isEmpty() && !urgent()) {
            // Woken by a segment's hand-off: the segments ending meanwhile join without waking us again, so a
            // busy server pays one wake-up per few requests, not one per request. flush(), close() and a full
            // buffer still unpark at once.
            LockSupport.parkNanos(this, HAND_OFF_LINGER_NANOS);
        }
    }

    /** @return whether something must not wait: a full buffer, a flush asked for, or close */
    private boolean urgent() {
        return full.get() || flushRequested.get() != flushCompleted || bound.isClosed();
    }

    private long minimumDeadline() {
        return intervalNanos - intervalNanos / 10;
    }

    /**
     * Flushes the buckets whose deadline passed. @return when to scan next: the earliest deadline, but not
     * sooner than {@link #scanGranularityNanos} from now, so that many traces with spread deadlines cost at
     * most about 100 scans per interval
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

    private void flushEverything() {
        ready.clear();
        for (Bucket bucket : buckets.values()) {
            flushBucket(bucket);
        }
    }

    /** After close: no place can be reserved any more, so flushing until none is held ends quickly. */
    private void drainUntilEmpty() {
        while (true) {
            flushEverything();
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
            logFailure("the span buffer could not build a trace header", e);
            return;
        }
        for (int from = 0; from < spans.size(); from += SpanBuffer.FLUSH_AT_SPANS) {
            List<SpanData> chunk = spans.size() <= SpanBuffer.FLUSH_AT_SPANS ? spans
                    : new ArrayList<>(spans.subList(from, Math.min(spans.size(), from + SpanBuffer.FLUSH_AT_SPANS)));
            try {
                queue.enqueueSpans(dsc, chunk);
            } catch (RuntimeException e) {
                reports.record(DiscardReason.QUEUE_OVERFLOW, DataCategory.SPAN, chunk.size());
                logFailure("the transport refused spans with an exception", e);
            }
        }
    }

    /** Logs the first failure only: a failure that repeats per trace must not flood the application's log. */
    private void logFailure(String what, Throwable e) {
        if (failureLogged.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "sentry-jakarta: " + what, e);
        }
    }
}
