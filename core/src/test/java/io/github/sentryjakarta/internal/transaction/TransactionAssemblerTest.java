package io.github.sentryjakarta.internal.transaction;

import io.github.sentryjakarta.testing.InMemorySpanProcessor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.internal.propagation.Dsc;
import io.github.sentryjakarta.internal.envelope.EnvelopeQueue;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.internal.span.SpanData;
import io.github.sentryjakarta.internal.span.SpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The assembler's bookkeeping against an in-memory queue: what goes into each transaction and exactly
 * what is counted. Spans are made by a real {@link SentryRuntime}, so the snapshots are the real ones.
 */
class TransactionAssemblerTest {

    private static final String DSN = "http://key@127.0.0.1:9/1";

    private final ClientReports reports = new ClientReports();
    private final Queue queue = new Queue();
    private SentryRuntime runtime;

    @AfterEach
    void clearThread() {
        if (runtime != null) {
            runtime.clearThread();
        }
    }

    private static SentryOptions.Builder options() {
        return SentryOptions.builder().dsn(DSN).tracesSampleRate(1.0).environment("test").release("app@1")
                .serverName("host");
    }

    private TransactionAssembler assembler(SentryOptions options) {
        TransactionAssembler assembler = new TransactionAssembler(options, reports, queue);
        runtime = new SentryRuntime(options, reports, assembler);
        return assembler;
    }

    private long dropped(DiscardReason reason, DataCategory category) {
        return reports.total(reason, category);
    }

    @Test
    void sendsOneTransactionPerSegmentWithItsOwnChildren() {
        TransactionAssembler assembler = assembler(options().build());

        Span first = runtime.spanBuilder("GET /a").active(false).start();
        Span second = runtime.spanBuilder("GET /b").active(false).start();
        Span a1 = runtime.spanBuilder("a1").parent(first).start();
        Span a11 = runtime.spanBuilder("a11").start(); // child of a1, the current span
        Span b1 = runtime.spanBuilder("b1").parent(second).active(false).start();
        a11.end();
        b1.end();
        a1.end();
        first.end();
        second.end();

        assertThat(queue.transactions).hasSize(2);
        Sent a = queue.transactions.get(0);
        assertThat(a.segment().name()).isEqualTo("GET /a");
        assertThat(a.children()).extracting(SpanData::name).containsExactly("a11", "a1");
        assertThat(a.children()).allSatisfy(c -> assertThat(c.segmentId()).isEqualTo(first.spanId()));
        assertThat(a.children().get(0).parentSpanId()).isEqualTo(a1.spanId());
        assertThat(a.dsc().get("trace_id")).isEqualTo(first.traceId());
        assertThat(a.dsc().get("transaction")).isEqualTo("GET /a");
        assertThat(a.dsc().get("sampled")).isEqualTo("true");
        assertThat(a.dsc()).isSameAs(a.segment().trace().frozenDsc());

        Sent b = queue.transactions.get(1);
        assertThat(b.segment().name()).isEqualTo("GET /b");
        assertThat(b.children()).extracting(SpanData::name).containsExactly("b1");
        assertThat(queue.spans).isEmpty();
        assertThat(assembler.openSegments()).isZero();
        assertThat(assembler.bufferedSpans()).isZero();
        assertThat(dropped(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN)).isZero();
    }

    @Test
    void segmentWithoutChildrenIsATransactionOfItsOwn() {
        assembler(options().build());
        runtime.startSpan("lonely").end();
        assertThat(queue.transactions).singleElement().satisfies(t -> {
            assertThat(t.segment().name()).isEqualTo("lonely");
            assertThat(t.children()).isEmpty();
        });
    }

    @Test
    void childrenBeyondMaxSpansAreCountedExactlyAsBufferOverflow() {
        assembler(options().maxSpans(5).build());
        try (Span segment = runtime.startSpan("segment")) {
            for (int i = 0; i < 8; i++) {
                runtime.startSpan("child " + i).end();
            }
            assertThat(dropped(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN)).isEqualTo(3);
            segment.setAttribute("k", "v");
        }
        assertThat(queue.transactions).singleElement().satisfies(t -> assertThat(t.children())
                .extracting(SpanData::name).containsExactly("child 0", "child 1", "child 2", "child 3", "child 4"));
        assertThat(dropped(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN)).isEqualTo(3);
    }

    @Test
    void unfinishedChildrenAreCountedOnceWhenTheSegmentEndsAndNotAgainWhenTheyEnd() {
        TransactionAssembler assembler = assembler(options().build());
        Span segment = runtime.startSpan("segment");
        Span open1 = runtime.spanBuilder("open 1").active(false).start();
        Span open2 = runtime.spanBuilder("open 2").active(false).start();
        runtime.spanBuilder("done").active(false).start().end();
        segment.end();

        assertThat(queue.transactions).singleElement()
                .satisfies(t -> assertThat(t.children()).extracting(SpanData::name).containsExactly("done"));
        assertThat(dropped(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN)).isEqualTo(2);

        open1.end();
        open2.end();
        assertThat(dropped(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN)).isEqualTo(2);
        assertThat(queue.transactions).hasSize(1);
        assertThat(assembler.openSegments()).as("a late child must not leave a collector behind").isZero();
        assertThat(assembler.bufferedSpans()).isZero();
    }

    /**
     * A child that ended on another thread while its segment ended: it was not among the segment's unfinished
     * children, but reaches the assembler after the transaction left. Replayed in that order here.
     */
    @Test
    void childArrivingAfterItsSegmentIsCountedAndLeavesNothingBehind() {
        SentryOptions options = options().build();
        InMemorySpanProcessor recorder = new InMemorySpanProcessor();
        runtime = new SentryRuntime(options, reports, recorder);
        try (Span segment = runtime.startSpan("segment")) {
            runtime.startSpan("racing child").end();
            runtime.startSpan("in time").end();
            segment.setAttribute("x", 1L);
        }
        SpanData racing = recorder.named("racing child");
        SpanData inTime = recorder.named("in time");
        SpanData segmentData = recorder.named("segment");
        assertThat(segmentData.unfinishedChildren()).isZero();

        TransactionAssembler assembler = new TransactionAssembler(options, reports, queue);
        assembler.onEnd(inTime);
        assembler.onEnd(segmentData);
        assembler.onEnd(racing);

        assertThat(queue.transactions).singleElement()
                .satisfies(t -> assertThat(t.children()).extracting(SpanData::name).containsExactly("in time"));
        assertThat(dropped(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN)).isEqualTo(1);
        assertThat(assembler.openSegments()).isZero();
        assertThat(assembler.bufferedSpans()).isZero();
    }

    @Test
    void endedSegmentsAreRememberedInABoundedRing() {
        SentryOptions options = options().build();
        TransactionAssembler assembler = new TransactionAssembler(options, reports, queue, System::nanoTime,
                Duration.ofSeconds(60), 4);
        runtime = new SentryRuntime(options, reports, assembler);
        for (int i = 0; i < 50; i++) {
            runtime.spanBuilder("segment " + i).noParent().active(false).start().end();
        }
        assertThat(queue.transactions).hasSize(50);
        assertThat(assembler.rememberedSegments()).isEqualTo(4);
    }

    @Test
    void childEndingLongAfterItsSegmentWasForgottenIsDroppedAtOnceAndCountedOnce() {
        SentryOptions options = options().maxBufferedSpans(1).build();
        TransactionAssembler assembler = new TransactionAssembler(options, reports, queue, System::nanoTime,
                Duration.ofSeconds(60), 2);
        runtime = new SentryRuntime(options, reports, assembler);

        Span segment = runtime.spanBuilder("segment").active(false).start();
        Span straggler = runtime.spanBuilder("straggler").parent(segment).active(false).start();
        segment.end();
        assertThat(dropped(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN)).isEqualTo(1);
        runtime.spanBuilder("other 1").noParent().active(false).start().end();
        runtime.spanBuilder("other 2").noParent().active(false).start().end();

        straggler.end(); // its segment is no longer remembered, but the span knows it was reported unfinished
        assertThat(assembler.openSegments()).isZero();
        assertThat(assembler.bufferedSpans()).isZero();
        assertThat(dropped(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN)).isEqualTo(1);

        // The global bound (1) is free for the next request's child.
        Span live = runtime.spanBuilder("live").noParent().active(false).start();
        runtime.spanBuilder("live child").parent(live).active(false).start().end();
        live.end();
        assertThat(queue.transactions.get(queue.transactions.size() - 1).children()).extracting(SpanData::name)
                .containsExactly("live child");
        assertThat(dropped(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN)).isEqualTo(1);
    }

    @Test
    void globalBoundDropsNewChildrenAndEvictsStaleCollectorsFirst() {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        SentryOptions options = options().maxBufferedSpans(10).build();
        TransactionAssembler assembler = new TransactionAssembler(options, reports, queue, clock::get,
                Duration.ofSeconds(60), 64);
        runtime = new SentryRuntime(options, reports, assembler);

        Span forgotten = runtime.spanBuilder("never ends").active(false).start();
        for (int i = 0; i < 10; i++) {
            runtime.spanBuilder("held " + i).parent(forgotten).active(false).start().end();
        }
        assertThat(assembler.bufferedSpans()).isEqualTo(10);

        Span live = runtime.spanBuilder("live").noParent().active(false).start();
        runtime.spanBuilder("dropped, nothing stale yet").parent(live).active(false).start().end();
        assertThat(dropped(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN)).isEqualTo(1);
        assertThat(assembler.bufferedSpans()).isEqualTo(10);

        clock.addAndGet(Duration.ofSeconds(61).toNanos());
        runtime.spanBuilder("kept").parent(live).active(false).start().end();
        assertThat(dropped(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN)).isEqualTo(1 + 10);
        assertThat(assembler.bufferedSpans()).isEqualTo(1);
        assertThat(assembler.openSegments()).isEqualTo(1);

        live.end();
        assertThat(queue.transactions).singleElement()
                .satisfies(t -> assertThat(t.children()).extracting(SpanData::name).containsExactly("kept"));
        assertThat(assembler.bufferedSpans()).isZero();
        assertThat(assembler.openSegments()).isZero();

        // The evicted segment still ends in a transaction, holding only what ended after the eviction.
        runtime.spanBuilder("after eviction").parent(forgotten).active(false).start().end();
        forgotten.end();
        assertThat(queue.transactions).hasSize(2);
        assertThat(queue.transactions.get(1).children()).extracting(SpanData::name).containsExactly("after eviction");
        assertThat(dropped(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN)).isEqualTo(11);
    }

    @Test
    void closeCountsHeldChildrenAndRefusesLaterSpans() {
        TransactionAssembler assembler = assembler(options().build());
        Span segment = runtime.spanBuilder("segment").active(false).start();
        for (int i = 0; i < 3; i++) {
            runtime.spanBuilder("held").parent(segment).active(false).start().end();
        }
        Span open = runtime.spanBuilder("still open").parent(segment).active(false).start();

        assembler.close(Duration.ofSeconds(1));
        assertThat(queue.closed).isTrue();
        assertThat(dropped(DiscardReason.QUEUE_OVERFLOW, DataCategory.SPAN)).isEqualTo(3);
        assertThat(assembler.openSegments()).isZero();
        assertThat(assembler.bufferedSpans()).isZero();

        open.end();
        segment.end();
        assertThat(queue.transactions).isEmpty();
        assertThat(dropped(DiscardReason.QUEUE_OVERFLOW, DataCategory.SPAN)).isEqualTo(3 + 1 + 1);
        assertThat(dropped(DiscardReason.QUEUE_OVERFLOW, DataCategory.TRANSACTION)).isEqualTo(1);
    }

    @Test
    void flushAndCloseDelegateToTheQueue() {
        TransactionAssembler assembler = assembler(options().build());
        assertThat(assembler.flush(Duration.ofMillis(5))).isTrue();
        assertThat(queue.flushes).isEqualTo(1);
        queue.flushResult = false;
        assertThat(assembler.flush(Duration.ofMillis(5))).isFalse();
        assembler.close(Duration.ofMillis(5));
        assertThat(queue.closed).isTrue();
    }

    @Test
    void concurrentSegmentsEachGetExactlyTheirChildren() throws Exception {
        TransactionAssembler assembler = assembler(options().maxSpans(20).build());
        int threads = 8;
        int segmentsPerThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int s = 0; s < segmentsPerThread; s++) {
                        try (Span segment = runtime.spanBuilder("t" + thread + " s" + s).noParent().start()) {
                            int children = (thread + s) % 25; // some over max-spans (20)
                            for (int c = 0; c < children; c++) {
                                runtime.startSpan("c" + c).end();
                            }
                            segment.setAttribute("children", (long) children);
                        }
                        runtime.clearThread();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(queue.transactions).hasSize(threads * segmentsPerThread);
        long expectedOverflow = 0;
        for (Sent sent : queue.transactions) {
            long children = (Long) sent.segment().attributes().get("children");
            assertThat(sent.children()).hasSize((int) Math.min(children, 20));
            assertThat(sent.children()).allSatisfy(c -> assertThat(c.segmentId()).isEqualTo(sent.segment().spanId()));
            expectedOverflow += Math.max(0, children - 20);
        }
        assertThat(dropped(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN)).isEqualTo(expectedOverflow).isPositive();
        assertThat(assembler.openSegments()).isZero();
        assertThat(assembler.bufferedSpans()).isZero();
    }

    /** What was handed to the queue. */
    record Sent(Dsc dsc, SpanData segment, List<SpanData> children) {
    }

    static final class Queue implements EnvelopeQueue {
        final List<Sent> transactions = new CopyOnWriteArrayList<>();
        final List<SpanData> spans = new CopyOnWriteArrayList<>();
        volatile int flushes;
        volatile boolean flushResult = true;
        volatile boolean closed;

        @Override
        public void enqueueSpans(Dsc dsc, List<SpanData> batch) {
            spans.addAll(batch);
        }

        @Override
        public void enqueueTransaction(Dsc dsc, SpanData segment, List<SpanData> children) {
            transactions.add(new Sent(dsc, segment, List.copyOf(children)));
        }

        @Override
        public boolean flush(Duration timeout) {
            flushes++;
            return flushResult;
        }

        @Override
        public void close(Duration timeout) {
            closed = true;
        }
    }

    @Test
    void childStartedAfterItsSegmentEndedIsDroppedAndCountedOnce() {
        TransactionAssembler assembler = assembler(options().build());
        Span segment = runtime.spanBuilder("segment").active(false).start();
        segment.end();
        runtime.spanBuilder("started late").parent(segment).active(false).start().end();
        assertThat(dropped(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN)).isEqualTo(1);
        assertThat(assembler.openSegments()).isZero();
    }

    @Test
    void unfinishedChildEndingAfterCloseIsNotCountedTwice() {
        TransactionAssembler assembler = assembler(options().build());
        Span segment = runtime.spanBuilder("segment").active(false).start();
        Span open = runtime.spanBuilder("open").parent(segment).active(false).start();
        segment.end();
        assembler.close(Duration.ZERO);
        open.end();
        assertThat(dropped(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN)).isEqualTo(1);
        assertThat(dropped(DiscardReason.QUEUE_OVERFLOW, DataCategory.SPAN)).isZero();
    }

    @Test
    void segmentRenamedToAnIgnoredNameTakesItsHeldChildrenWithIt() {
        TransactionAssembler assembler = assembler(options().ignoreSpans(List.of("GET /health")).build());
        Span segment = runtime.spanBuilder("GET /*").active(false).start();
        runtime.spanBuilder("auth").parent(segment).active(false).start().end();
        segment.setName("GET /health");
        runtime.spanBuilder("after rename").parent(segment).active(false).start().end();
        segment.end();
        assertThat(queue.transactions).isEmpty();
        assertThat(assembler.openSegments()).isZero();
        assertThat(assembler.bufferedSpans()).isZero();
        assertThat(dropped(DiscardReason.IGNORED, DataCategory.SPAN)).isEqualTo(3);
    }

}
