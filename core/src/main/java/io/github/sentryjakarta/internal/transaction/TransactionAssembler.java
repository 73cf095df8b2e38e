package io.github.sentryjakarta.internal.transaction;

import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.internal.propagation.Dsc;
import io.github.sentryjakarta.internal.envelope.EnvelopeQueue;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.span.SpanData;
import io.github.sentryjakarta.internal.span.SpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * The static lifecycle ({@code sentry.trace-lifecycle=static}): keeps the finished children of each local
 * root (segment) and, when the segment ends, hands the segment and its children to the transport as one
 * {@code transaction} event.
 *
 * <h2>How children are kept</h2>
 * One collector per segment that has finished children, in a {@link ConcurrentHashMap} keyed by the
 * segment's span id; each collector is guarded by its own monitor, held only for a list append. There is no
 * global lock, no I/O and no JSON on the application thread: the transport serializes later, on its sender.
 *
 * <h2>Drops, all counted per span in category {@code span}</h2>
 * <ul>
 *   <li>A segment's children beyond {@code sentry.max-spans}: {@code buffer_overflow}, when they end.</li>
 *   <li>Children still open when their segment ends ({@link SpanData#unfinishedChildren()}):
 *       {@code buffer_overflow}, counted when the segment ends (so that a child that never ends is counted
 *       too), since the transaction is built without them, as Sentry's other SDKs do.</li>
 *   <li>A child that ends after its segment ended (its transaction is gone): dropped at once, without a
 *       collector, however late it comes ({@link SpanData#endedAfterSegment()}, decided atomically with the
 *       segment's count). If it was one of the segment's unfinished children it was counted already; if it
 *       started after the segment ended, it is counted now. A child that ended just before its segment but reaches this assembler just after it (another
 *       thread) is counted as {@code buffer_overflow} now; the last 4096 ended segments are remembered so
 *       that such a child does not create a collector that no segment end would remove.</li>
 *   <li>All segments together hold at most {@code sentry.span-buffer.max-buffered-spans} children (the
 *       same global bound as the stream lifecycle). When it is reached, collectors whose first child ended
 *       more than 60 s ago (a segment that was never ended, or a child that ended after its
 *       segment was forgotten) are evicted, their children counted as {@code buffer_overflow}; if none is
 *       that old, the new child is dropped and counted as {@code buffer_overflow}.</li>
 *   <li>After {@link #close}: children held then, and every span ending later, count as
 *       {@code queue_overflow} (the reason for "closed"); a segment ending later also counts one
 *       {@code transaction}.</li>
 * </ul>
 * Rate limits, queue overflow and network errors of the transaction itself are the transport's to count
 * ({@code transaction} and, for the segment and its children, {@code span}).
 */
public final class TransactionAssembler implements SpanProcessor {

    /** How many ended segments are remembered, to recognise their late children. */
    static final int RECENTLY_ENDED = 4096;
    /** How old a collector must be before it may be evicted when the global bound is reached. */
    static final Duration STALE_AFTER = Duration.ofSeconds(60);
    private static final long SWEEP_EVERY_NANOS = 1_000_000_000L;


    private final ClientReports reports;
    private final EnvelopeQueue queue;
    private final int maxSpans;
    private final int maxBufferedSpans;
    private final LongSupplier nanoClock;
    private final long staleAfterNanos;

    /** Collectors of segments that have not ended, by segment id. */
    private final ConcurrentHashMap<Long, Collector> open = new ConcurrentHashMap<>();
    /** Recently ended segments, whose racing children must not open a collector. */
    private final Set<Long> ended = ConcurrentHashMap.newKeySet();
    private final AtomicLongArray endedRing;
    private final AtomicLong endedCursor = new AtomicLong();
    /** Children held by all collectors together. */
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicLong nextSweep;
    private volatile boolean closed;

    /**
     * @param options {@code sentry.max-spans} and {@code sentry.span-buffer.max-buffered-spans} are used
     * @param reports where drops are counted
     * @param queue the transport
     */
    public TransactionAssembler(SentryOptions options, ClientReports reports, EnvelopeQueue queue) {
        this(options, reports, queue, System::nanoTime, STALE_AFTER, RECENTLY_ENDED);
    }

    TransactionAssembler(SentryOptions options, ClientReports reports, EnvelopeQueue queue, LongSupplier nanoClock,
            Duration staleAfter, int recentlyEnded) {
        this.reports = Objects.requireNonNull(reports, "reports");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.maxSpans = options.maxSpans();
        this.maxBufferedSpans = options.maxBufferedSpans();
        this.nanoClock = nanoClock;
        this.staleAfterNanos = staleAfter.toNanos();
        this.endedRing = new AtomicLongArray(recentlyEnded);
        this.nextSweep = new AtomicLong(nanoClock.getAsLong());
    }

    @Override
    public void onEnd(SpanData span) {
        if (span == null) {
            return;
        }
        if (!span.isSegment() && span.endedAfterSegment()) {
            // Its transaction is gone. One of the root's unfinished children was counted with the root;
            // one started after the root ended was not, and is counted now. Either way: no collector.
            if (!span.countedBySegment()) {
                reports.record(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN, 1);
            }
        } else if (closed) {
            refuse(span);
        } else if (span.isSegment()) {
            endSegment(span);
        } else {
            addChild(span);
        }
    }

    /** The root was ignored: its children held so far go too, counted as {@code ignored}. */
    @Override
    public void onIgnoredSegment(long segmentId) {
        remember(segmentId);
        Collector collector = open.remove(segmentId);
        if (collector != null) {
            reports.record(DiscardReason.IGNORED, DataCategory.SPAN, retire(collector, State.ENDED));
        }
    }

    private void addChild(SpanData child) {
        // The bound first: a dropped child creates no collector, and a stale sweep runs before the lookup.
        if (!reserve()) {
            reports.record(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN, 1);
            return;
        }
        long segmentId = child.segmentIdBits();
        State state;
        do {
            Collector collector = open.get(segmentId);
            if (collector == null) {
                // The tombstone check runs in the map's bin lock: a segment writes its tombstone before it
                // removes its collector, so a child either finds the collector or sees the tombstone.
                collector = open.computeIfAbsent(segmentId,
                        id -> ended.contains(id) ? null : new Collector(nanoClock.getAsLong()));
                if (collector == null) {
                    buffered.decrementAndGet();
                    countLate();
                    return;
                }
            }
            synchronized (collector) {
                state = collector.state;
                if (state == State.OPEN) {
                    if (collector.children.size() < maxSpans) {
                        collector.children.add(child);
                    } else {
                        state = State.FULL;
                    }
                }
            }
            // EVICTED: a sweep removed it from the map meanwhile; the next lookup finds or makes a fresh one.
        } while (state == State.EVICTED);
        if (state == State.OPEN) {
            if (closed) {
                drainAll(); // raced with close(): count what close() could not see
            }
            return;
        }
        buffered.decrementAndGet();
        if (state == State.ENDED) {
            countLate();
        } else if (state == State.SHUT_DOWN) {
            reports.record(DiscardReason.QUEUE_OVERFLOW, DataCategory.SPAN, 1);
        } else {
            reports.record(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN, 1); // FULL: sentry.max-spans
        }
    }

    /** A child that ended before its segment but arrived after it. */
    private void countLate() {
        reports.record(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN, 1);
    }

    private void endSegment(SpanData segment) {
        long segmentId = segment.segmentIdBits();
        int unfinished = Math.max(0, segment.unfinishedChildren());
        remember(segmentId);
        List<SpanData> children = List.of();
        Collector collector = open.remove(segmentId);
        if (collector != null) {
            synchronized (collector) {
                collector.state = State.ENDED;
                children = collector.children;
                collector.children = null;
            }
            buffered.addAndGet(-children.size());
        }
        reports.record(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN, unfinished);
        Dsc dsc = segment.trace().freezeDsc(segment.name(), segment.segmentNameSource());
        queue.enqueueTransaction(dsc, segment, Collections.unmodifiableList(children));
    }

    /** Writes the tombstone of an ended segment, forgetting the oldest one beyond the ring's size. */
    private void remember(long segmentId) {
        ended.add(segmentId);
        int slot = (int) Math.floorMod(endedCursor.getAndIncrement(), (long) endedRing.length());
        long forgotten = endedRing.getAndSet(slot, segmentId);
        if (forgotten != 0 && forgotten != segmentId) {
            ended.remove(forgotten);
        }
    }

    /** Takes one unit of the global bound, evicting stale collectors if it is exhausted. */
    private boolean reserve() {
        if (buffered.incrementAndGet() <= maxBufferedSpans) {
            return true;
        }
        buffered.decrementAndGet();
        if (evictStale() == 0) {
            return false;
        }
        if (buffered.incrementAndGet() <= maxBufferedSpans) {
            return true;
        }
        buffered.decrementAndGet();
        return false;
    }

    /** At most once a second: drops the collectors older than the stale age. @return children freed */
    private int evictStale() {
        long now = nanoClock.getAsLong();
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + SWEEP_EVERY_NANOS)) {
            return 0;
        }
        int freed = 0;
        for (Map.Entry<Long, Collector> entry : open.entrySet()) {
            Collector collector = entry.getValue();
            if (now - collector.createdNanos > staleAfterNanos && open.remove(entry.getKey(), collector)) {
                int count = retire(collector, State.EVICTED);
                reports.record(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN, count);
                freed += count;
            }
        }
        return freed;
    }

    /** Closes a collector removed from the map. @return the children it held, now released */
    private int retire(Collector collector, State state) {
        int count;
        synchronized (collector) {
            if (collector.state != State.OPEN) {
                return 0;
            }
            collector.state = state;
            count = collector.children.size();
            collector.children = null;
        }
        buffered.addAndGet(-count);
        return count;
    }

    private void drainAll() {
        for (Map.Entry<Long, Collector> entry : open.entrySet()) {
            if (open.remove(entry.getKey(), entry.getValue())) {
                int count = retire(entry.getValue(), State.SHUT_DOWN);
                reports.record(DiscardReason.QUEUE_OVERFLOW, DataCategory.SPAN, count);
            }
        }
    }

    private void refuse(SpanData span) {
        if (span.isSegment()) {
            reports.record(DiscardReason.QUEUE_OVERFLOW, DataCategory.TRANSACTION, 1);
        }
        reports.record(DiscardReason.QUEUE_OVERFLOW, DataCategory.SPAN, 1);
    }

    /** Transactions of segments that ended are already queued: waits for the transport to send them. */
    @Override
    public boolean flush(Duration timeout) {
        return queue.flush(timeout);
    }

    /**
     * Refuses every span from now on (counted as {@code queue_overflow}), counts the children of segments
     * that have not ended, then closes the transport, which sends the last client report.
     */
    @Override
    public void close(Duration timeout) {
        closed = true;
        drainAll();
        queue.close(timeout);
    }

    /** @return the number of segments with a collector (for tests and diagnostics) */
    int openSegments() {
        return open.size();
    }

    /** @return the number of children held (for tests and diagnostics) */
    int bufferedSpans() {
        return buffered.get();
    }

    /** @return the number of remembered ended segments (for tests and diagnostics) */
    int rememberedSegments() {
        return ended.size();
    }

    private enum State {
        OPEN, FULL, ENDED, EVICTED, SHUT_DOWN
    }

    private static final class Collector {
        final long createdNanos;
        ArrayList<SpanData> children = new ArrayList<>(8); // guarded by this; null once retired
        State state = State.OPEN; // guarded by this; FULL is never stored

        Collector(long createdNanos) {
            this.createdNanos = createdNanos;
        }
    }
}
