package io.github.sentryjakarta.internal.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.internal.span.SpanData;
import io.github.sentryjakarta.integration.TraceLifecycle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpanBufferTest {

    private static final Duration LONG = Duration.ofHours(1);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ClientReports reports = new ClientReports();
    private final RecordingQueue queue = new RecordingQueue();
    private SpanBuffer buffer;
    private SentryRuntime runtime;

    @AfterEach
    void tearDown() {
        if (buffer != null) {
            buffer.close(Duration.ofSeconds(5));
        }
    }

    private void start(UnaryOperator<SentryOptions.Builder> configure) {
        start(configure, null);
    }

    private void start(UnaryOperator<SentryOptions.Builder> configure, ThreadFactory threads) {
        SentryOptions options = configure.apply(SentryOptions.builder()
                .dsn("http://key@127.0.0.1:9/1")
                .serverName("test")
                .traceLifecycle(TraceLifecycle.STREAM)
                .tracesSampleRate(1.0)).build();
        buffer = new SpanBuffer(options, reports, queue, threads);
        runtime = new SentryRuntime(options, reports, buffer);
    }

    private Span root(String name) {
        return runtime.spanBuilder(name).noParent().active(false).start();
    }

    private Span child(Span parent, String name) {
        return runtime.spanBuilder(name).parent(parent).active(false).start();
    }

    /** Threads named {@code name} that run their task only once {@code release} opens, holding the worker back. */
    private static ThreadFactory startingOnlyWhenReleased(CountDownLatch release, String name) {
        return task -> new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                return;
            }
            task.run();
        }, name);
    }

    /** Runs {@code work} on {@code threads} threads released at once, and waits until every one is done. */
    private static void onThreadsAtOnce(int threads, Runnable work) throws Exception {
        CyclicBarrier go = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    work.run();
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private long dropped(DiscardReason reason) {
        return reports.total(reason, DataCategory.SPAN);
    }

    @Test
    void perTraceBoundDropsAndCountsExactlyTheSpansBeyondIt() {
        start(b -> b.maxSpansPerTrace(10).flushInterval(LONG));
        Span root = root("root");
        for (int i = 0; i < 15; i++) {
            child(root, "child " + i).end();
        }
        assertThat(buffer.bufferedSpans()).isEqualTo(10);
        assertThat(dropped(DiscardReason.BUFFER_OVERFLOW)).isEqualTo(5);

        // Another trace has its own bucket.
        Span other = root("other");
        child(other, "other child").end();
        assertThat(buffer.bufferedSpans()).isEqualTo(11);

        assertThat(buffer.flush(WAIT)).isTrue();
        assertThat(queue.spanCount()).isEqualTo(11);
        assertThat(buffer.bufferedSpans()).isZero();
        assertThat(dropped(DiscardReason.BUFFER_OVERFLOW)).isEqualTo(5);
        assertThat(queue.flushes()).isEqualTo(1);
    }

    @Test
    void globalBoundDropsCountsAndHandsEverythingOverWithoutWaitingForTheInterval() throws InterruptedException {
        start(b -> b.maxBufferedSpans(20).flushInterval(LONG));
        List<Span> roots = new ArrayList<>();
        for (int t = 0; t < 5; t++) {
            Span root = root("root " + t);
            roots.add(root);
            for (int i = 0; i < 6; i++) {
                child(root, "child").end();
            }
        }
        assertThat(buffer.peakBufferedSpans()).isEqualTo(20);
        assertThat(dropped(DiscardReason.BUFFER_OVERFLOW)).isPositive();
        // The interval is an hour: only the pressure of the full buffer can have handed these over.
        assertThat(queue.await(q -> q.spanCount() >= 20, WAIT)).isTrue();

        roots.forEach(Span::end);
        assertThat(buffer.flush(WAIT)).isTrue();
        assertThat(buffer.bufferedSpans()).isZero();
        assertThat(queue.spanCount() + dropped(DiscardReason.BUFFER_OVERFLOW)).isEqualTo(35);
    }

    @Test
    void segmentEndHandsTheBucketToTheWorkerAtOnce() throws InterruptedException {
        start(b -> b.flushInterval(LONG));
        Span root = root("GET /orders/{id}");
        for (int i = 0; i < 3; i++) {
            child(root, "child " + i).end();
        }
        assertThat(buffer.bufferedSpans()).isEqualTo(3);
        assertThat(queue.calls()).isEmpty();

        long ended = System.nanoTime();
        root.end();
        assertThat(queue.await(q -> q.spanCount() == 4, Duration.ofSeconds(1))).isTrue();
        RecordingQueue.Call call = queue.calls().get(0);
        assertThat(call.spans()).hasSize(4).allMatch(s -> s.traceId().equals(root.traceId()));
        assertThat(call.thread()).isEqualTo(SpanBuffer.THREAD_NAME);
        assertThat(Duration.ofNanos(call.atNanos() - ended)).isLessThan(Duration.ofMillis(500));
        assertThat(call.dsc().get("trace_id")).isEqualTo(root.traceId());
        assertThat(call.dsc().get("transaction")).isEqualTo("GET /orders/{id}");
        assertThat(call.dsc().get("sampled")).isEqualTo("true");
        assertThat(buffer.bufferedSpans()).isZero();
    }

    @Test
    void aBucketOf1000SpansIsFlushedWithoutWaitingForItsSegment() throws InterruptedException {
        start(b -> b.flushInterval(LONG));
        Span root = root("big");
        for (int i = 0; i < SpanBuffer.FLUSH_AT_SPANS; i++) {
            child(root, "child").end();
        }
        assertThat(queue.await(q -> q.spanCount() == 1000, Duration.ofSeconds(2))).isTrue();
        assertThat(queue.calls()).hasSize(1);
        assertThat(queue.calls().get(0).spans()).allMatch(s -> s.name().equals("child"));
        child(root, "one more").end();
        assertThat(buffer.flush(WAIT)).isTrue();
        assertThat(queue.calls()).extracting(c -> c.spans().size()).containsExactly(1000, 1);
    }

    @Test
    void aBucketReaching5MiBIsFlushed() throws InterruptedException {
        start(b -> b.flushInterval(LONG));
        // Learn the size estimate of one wide span (the automatic attributes count too).
        Span probe = root("probe");
        wideChild(probe).end();
        assertThat(buffer.flush(WAIT)).isTrue();
        SpanData sample = queue.spans().get(0);
        long estimate = SpanBuffer.SPAN_BASE_BYTES + sample.name().length()
                + SpanBuffer.ATTRIBUTE_BYTES * sample.attributes().size();
        int threshold = (int) ((SpanBuffer.FLUSH_AT_BYTES + estimate - 1) / estimate);
        assertThat(threshold).isBetween(400, 600);

        Span root = root("wide");
        for (int i = 1; i < threshold; i++) {
            wideChild(root).end();
        }
        // Below the estimated 5 MiB, nothing triggers a flush: the spans are all still held.
        assertThat(buffer.bufferedSpans()).isEqualTo(threshold - 1);
        assertThat(queue.calls()).hasSize(1);
        wideChild(root).end();
        assertThat(queue.await(q -> q.calls().size() == 2, Duration.ofSeconds(2))).isTrue();
        assertThat(queue.calls().get(1).spans()).hasSize(threshold)
                .allMatch(s -> s.traceId().equals(root.traceId()));
    }

    private Span wideChild(Span parent) {
        Span child = child(parent, "child");
        for (int a = 0; a < Span.MAX_ATTRIBUTES; a++) {
            child.setAttribute("attribute." + a, "value");
        }
        return child;
    }

    @Test
    void lateChildrenAreFlushedOnTheInterval() throws InterruptedException {
        Duration interval = Duration.ofMillis(300);
        start(b -> b.flushInterval(interval));
        Span root = root("segment");
        Span late = child(root, "late child");
        root.end();
        assertThat(queue.await(q -> q.spanCount() == 1, Duration.ofSeconds(1))).isTrue();

        long ended = System.nanoTime();
        late.end();
        assertThat(buffer.bufferedSpans()).isEqualTo(1);
        assertThat(queue.await(q -> q.spanCount() == 2, Duration.ofSeconds(3))).isTrue();
        RecordingQueue.Call call = queue.calls().get(1);
        assertThat(call.spans()).extracting(SpanData::name).containsExactly("late child");
        Duration waited = Duration.ofNanos(call.atNanos() - ended);
        // Due after the interval minus at most 10% jitter, and not much later.
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(270)).isLessThan(Duration.ofMillis(1500));
        // Same trace, same frozen DSC.
        assertThat(call.dsc()).isSameAs(queue.calls().get(0).dsc());
    }

    @Test
    void concurrentAddersAndAFlushingWorkerLoseNothingAndDuplicateNothing() throws Exception {
        // A 1 ms interval keeps the worker sealing buckets while 8 threads add to the same trace; small
        // bounds make both kinds of drop happen too.
        start(b -> b.flushInterval(Duration.ofMillis(1)).maxSpansPerTrace(1500).maxBufferedSpans(3000));
        Span root = root("hammered");
        int threads = 8;
        int perThread = 25_000;
        onThreadsAtOnce(threads, () -> {
            for (int i = 0; i < perThread; i++) {
                child(root, "c").end();
            }
        });
        root.end();
        assertThat(buffer.flush(WAIT)).isTrue();

        long produced = (long) threads * perThread + 1;
        List<SpanData> delivered = queue.spans();
        long dropped = dropped(DiscardReason.BUFFER_OVERFLOW);
        assertThat(delivered.size() + dropped).isEqualTo(produced);
        Set<Long> ids = new HashSet<>();
        delivered.forEach(s -> ids.add(s.spanIdBits()));
        assertThat(ids).hasSize(delivered.size());
        assertThat(queue.calls()).allSatisfy(call -> {
            assertThat(call.spans()).hasSizeBetween(1, SpanBuffer.FLUSH_AT_SPANS);
            assertThat(call.spans()).allMatch(s -> s.traceId().equals(root.traceId()));
        });
        assertThat(queue.calls().size()).isGreaterThan(10);
        assertThat(buffer.peakBufferedSpans()).isLessThanOrEqualTo(3000);
        assertThat(buffer.bufferedSpans()).isZero();
        assertThat(queue.calls()).extracting(RecordingQueue.Call::dsc).containsOnly(queue.calls().get(0).dsc());
    }

    @Test
    void manyTracesFromManyThreadsAllArrive() throws Exception {
        // Room for every span: on a small machine the producers can outrun the worker for a while.
        start(b -> b.flushInterval(Duration.ofMillis(5)).maxBufferedSpans(40_000));
        int threads = 8;
        int traces = 200;
        int children = 20;
        Set<String> traceIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
        onThreadsAtOnce(threads, () -> {
            for (int n = 0; n < traces; n++) {
                Span root = root("r");
                traceIds.add(root.traceId());
                for (int i = 0; i < children; i++) {
                    child(root, "c").end();
                }
                root.end();
            }
        });
        int produced = threads * traces * (children + 1);
        boolean arrived = queue.await(q -> q.spanCount() == produced, WAIT);
        assertThat(arrived).as("%s of %s spans, buffered %s in %s traces, dropped %s", queue.spanCount(), produced,
                buffer.bufferedSpans(), buffer.bufferedTraces(), reports.total(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN)).isTrue();
        assertThat(queue.calls()).allSatisfy(call ->
                assertThat(call.spans()).allMatch(s -> s.traceId().equals(call.dsc().get("trace_id"))));
        assertThat(queue.spans()).extracting(SpanData::traceId).isSubsetOf(traceIds);
        assertThat(reports.total(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN)).isZero();
    }

    @Test
    void closeHandsOverEverythingThenRefusesAndCountsNewSpans() {
        start(b -> b.flushInterval(LONG));
        Span root = root("closing");
        for (int i = 0; i < 7; i++) {
            child(root, "child").end();
        }
        Span lateChild = child(root, "after close");
        buffer.close(WAIT);
        assertThat(queue.spanCount()).isEqualTo(7);
        assertThat(queue.closed()).isTrue();
        assertThat(buffer.bufferedSpans()).isZero();

        lateChild.end();
        root.end();
        assertThat(dropped(DiscardReason.QUEUE_OVERFLOW)).isEqualTo(2);
        assertThat(buffer.bufferedSpans()).isZero();
        assertThat(queue.spanCount()).isEqualTo(7);
        assertThat(buffer.flush(Duration.ofMillis(100))).isTrue();
        buffer.close(WAIT); // again: harmless
        assertThat(queue.spanCount()).isEqualTo(7);
    }

    @Test
    void bucketsLargerThan1000SpansAreSplitAcrossCalls() throws Exception {
        // The worker starts only when released, so one bucket fills up to the per-trace bound.
        CountDownLatch release = new CountDownLatch(1);
        ThreadFactory held = startingOnlyWhenReleased(release, "held-worker");
        start(b -> b.flushInterval(LONG).maxSpansPerTrace(2500), held);
        Span root = root("wide");
        for (int i = 0; i < 2600; i++) {
            child(root, "child").end();
        }
        assertThat(buffer.bufferedSpans()).isEqualTo(2500);
        assertThat(dropped(DiscardReason.BUFFER_OVERFLOW)).isEqualTo(100);
        release.countDown();
        assertThat(buffer.flush(WAIT)).isTrue();
        assertThat(queue.calls()).extracting(c -> c.spans().size()).containsExactly(1000, 1000, 500);
        assertThat(queue.calls()).extracting(c -> c.thread()).containsOnly("held-worker");
        assertThat(queue.calls()).extracting(RecordingQueue.Call::dsc).containsOnly(queue.calls().get(0).dsc());
    }

    @Test
    void closeCountsWhatAStuckWorkerCouldNotHandOver() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ThreadFactory stuck = startingOnlyWhenReleased(release, "stuck-worker");
        start(b -> b.flushInterval(LONG), stuck);
        try {
            Span root = root("stuck");
            for (int i = 0; i < 30; i++) {
                child(root, "child").end();
            }
            root.end();
            long before = System.nanoTime();
            buffer.close(Duration.ofMillis(200));
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
            assertThat(dropped(DiscardReason.QUEUE_OVERFLOW)).isEqualTo(31);
            assertThat(buffer.bufferedSpans()).isZero();
            assertThat(queue.closed()).isTrue();
            assertThat(queue.calls()).isEmpty();
        } finally {
            release.countDown();
        }
    }

    @Test
    void theDefaultWorkerIsADaemonThreadWithTheDocumentedName() {
        start(b -> b.flushInterval(LONG));
        assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(t -> t.getName().equals(SpanBuffer.THREAD_NAME) && t.isAlive())
                .isNotEmpty()
                .allMatch(Thread::isDaemon);
    }

    @Test
    void aUrlSegmentNameStaysOutOfTheDsc() throws InterruptedException {
        start(b -> b.flushInterval(LONG));
        Span root = runtime.spanBuilder("GET /orders/17").noParent().active(false)
                .attribute("sentry.segment.name.source", "url").start();
        root.end();
        assertThat(queue.await(q -> q.spanCount() == 1, WAIT)).isTrue();
        assertThat(queue.calls().get(0).dsc().entries()).doesNotContainKey("transaction")
                .containsEntry("trace_id", root.traceId());
    }

    @Test
    void aQueueThatThrowsHasItsSpansCounted() {
        ClientReports counted = reports;
        SentryOptions options = SentryOptions.builder().dsn("http://key@127.0.0.1:9/1").serverName("test")
                .traceLifecycle(TraceLifecycle.STREAM).tracesSampleRate(1.0).flushInterval(LONG).build();
        RecordingQueue throwing = new RecordingQueue();
        buffer = new SpanBuffer(options, counted, new io.github.sentryjakarta.internal.envelope.EnvelopeQueue() {
            @Override
            public void enqueueSpans(io.github.sentryjakarta.internal.propagation.Dsc dsc, List<SpanData> spans) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void enqueueTransaction(io.github.sentryjakarta.internal.propagation.Dsc dsc, SpanData segment, List<SpanData> children) {
            }

            @Override
            public boolean flush(Duration timeout) {
                return true;
            }

            @Override
            public void close(Duration timeout) {
                throwing.close(timeout);
            }
        }, null);
        runtime = new SentryRuntime(options, counted, buffer);
        Span root = root("r");
        child(root, "c").end();
        root.end();
        assertThat(buffer.flush(WAIT)).isTrue();
        assertThat(dropped(DiscardReason.QUEUE_OVERFLOW)).isEqualTo(2);
        assertThat(buffer.bufferedSpans()).isZero();
    }
}
