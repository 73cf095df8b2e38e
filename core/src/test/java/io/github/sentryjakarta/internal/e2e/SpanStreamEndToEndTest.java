package io.github.sentryjakarta.internal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.internal.buffer.SpanBuffer;
import io.github.sentryjakarta.internal.envelope.EnvelopeQueue;
import io.github.sentryjakarta.internal.engine.RuntimeAssembler;
import io.github.sentryjakarta.testreceiver.Behavior;
import io.github.sentryjakarta.testreceiver.Envelope;
import io.github.sentryjakarta.testreceiver.Item;
import io.github.sentryjakarta.testreceiver.ReceivedSpan;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stream lifecycle end to end: spans made through the public API, the real {@link SpanBuffer}, the real
 * {@link RuntimeAssembler#transport} (encoding queue and HTTP transport), and a real HTTP receiver that parses every envelope strictly.
 */
class SpanStreamEndToEndTest {

    static {
        // The JDK HTTP server otherwise answers each request about 40 ms late (Nagle against delayed ACK),
        // which makes 500 envelopes take half a minute. Read once per JVM, when the first server starts:
        // when another test started one earlier, this test is only slower, not wrong.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> REASONS = List.of("sample_rate", "ignored", "buffer_overflow",
            "queue_overflow", "ratelimit_backoff", "network_error", "send_error");

    private SentryReceiver receiver;
    private ClientReports reports;
    private SpanBuffer buffer;
    private SentryRuntime runtime;

    @BeforeEach
    void startReceiver() {
        receiver = SentryReceiver.start();
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close(Duration.ofSeconds(5));
        }
        receiver.close();
    }

    private void start(UnaryOperator<SentryOptions.Builder> configure) {
        SentryOptions options = configure.apply(SentryOptions.builder()
                .dsn(receiver.dsn())
                .serverName("e2e")
                .traceLifecycle(TraceLifecycle.STREAM)
                .tracesSampleRate(1.0)).build();
        reports = new ClientReports();
        buffer = new SpanBuffer(options, reports, RuntimeAssembler.transport(options, reports, null), null);
        runtime = new SentryRuntime(options, reports, buffer);
    }

    // ------------------------------------------------------------------ workload

    /** Builds one trace of exactly {@code size} spans, randomly nested, through try-with-resources. */
    private void trace(int size, AtomicLong slowestEndNanos) {
        try (Span root = runtime.startSpan("GET /orders/{id}")) {
            children(size - 1, 1, slowestEndNanos);
            root.setAttribute("sentry.segment.name.source", "route");
        }
    }

    private void children(int count, int depth, AtomicLong slowestEndNanos) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int left = count;
        while (left > 0) {
            int subtree = depth > 12 ? 1 : 1 + random.nextInt(left);
            Span span = runtime.startSpan("work " + depth);
            try {
                span.setAttribute("depth", depth);
                children(subtree - 1, depth + 1, slowestEndNanos);
            } finally {
                long before = System.nanoTime();
                span.end();
                long took = System.nanoTime() - before;
                if (took > slowestEndNanos.get()) {
                    slowestEndNanos.accumulateAndGet(took, Math::max);
                }
            }
            left -= subtree;
        }
    }

    /** Runs {@code traces} traces of {@code perTrace} spans on 8 threads. @return the wall time */
    private Duration workload(int traces, int perTrace, AtomicLong slowestEndNanos) throws Exception {
        int threads = 8;
        CyclicBarrier go = new CyclicBarrier(threads + 1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    while (next.getAndIncrement() < traces) {
                        trace(perTrace, slowestEndNanos);
                    }
                    return null;
                }));
            }
            go.await();
            long start = System.nanoTime();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
            return Duration.ofNanos(System.nanoTime() - start);
        } finally {
            pool.shutdownNow();
        }
    }

    private long discardedSpans() {
        return REASONS.stream().mapToLong(reason -> receiver.discarded(reason, "span")).sum();
    }

    private static List<JsonObject> spanItems(Envelope envelope) {
        return envelope.items().stream().filter(i -> i.type().equals("span")).map(Item::json).toList();
    }

    // ------------------------------------------------------------------ tests

    @Test
    void twentyThousandSpansInFiveHundredTracesArriveExactlyOnceGroupedByTrace() throws Exception {
        // 500 traces end quickly, each its own envelope: the hand-off (20 000 spans by default) holds them
        // while the encoder and the senders work.
        start(b -> b);
        workload(500, 40, new AtomicLong());
        // 500 envelopes, one request each: generous, the bound is the sender's speed, not the buffer's.
        assertThat(receiver.awaitSpans(20_000, Duration.ofMinutes(2))).isTrue();
        assertThat(runtime.flush(Duration.ofSeconds(10))).isTrue();

        List<JsonObject> spans = receiver.spans();
        assertThat(spans).hasSize(20_000);
        assertThat(receiver.rejections()).isEmpty();
        assertThat(discardedSpans()).isZero();

        Map<String, JsonObject> dscByTrace = new HashMap<>();
        Map<String, Set<String>> spanIdsByTrace = new HashMap<>();
        for (Envelope envelope : receiver.envelopes()) {
            List<JsonObject> items = spanItems(envelope);
            if (items.isEmpty()) {
                continue;
            }
            JsonObject dsc = envelope.header().getJsonObject("trace");
            String traceId = dsc.getString("trace_id");
            for (Item item : envelope.items()) {
                if (item.type().equals("span")) {
                    assertThat(item.header().getInt("item_count")).isBetween(1, 1000);
                    assertThat(item.json().getJsonArray("items")).hasSize(item.header().getInt("item_count"));
                }
            }
            for (JsonObject container : items) {
                for (JsonObject span : container.getJsonArray("items").getValuesAs(JsonObject.class)) {
                    assertThat(span.getString("trace_id")).as("one trace per envelope").isEqualTo(traceId);
                    spanIdsByTrace.computeIfAbsent(traceId, k -> new HashSet<>()).add(span.getString("span_id"));
                }
            }
            JsonObject earlier = dscByTrace.putIfAbsent(traceId, dsc);
            if (earlier != null) {
                assertThat(dsc).as("the same DSC on every envelope of trace %s", traceId).isEqualTo(earlier);
            }
            assertThat(dsc.getString("transaction")).isEqualTo("GET /orders/{id}");
            assertThat(dsc.getString("sampled")).isEqualTo("true");
        }
        assertThat(spanIdsByTrace).hasSize(500);
        assertThat(spanIdsByTrace.values()).allSatisfy(ids -> assertThat(ids).hasSize(40));
        for (JsonObject span : spans) {
            Set<String> sameTrace = spanIdsByTrace.get(span.getString("trace_id"));
            if (span.getBoolean("is_segment")) {
                assertThat(span.containsKey("parent_span_id")).isFalse();
            } else {
                assertThat(sameTrace).contains(span.getString("parent_span_id"));
            }
        }
        assertThat(spans).filteredOn(s -> s.getBoolean("is_segment")).hasSize(500);
    }

    @Test
    void aSegmentsSpansArriveWithinOneSecondOfItsEnd() {
        start(b -> b); // flush interval left at its 5 s default
        assertThat(runtime.options().flushInterval()).isEqualTo(Duration.ofSeconds(5));
        Span segment = runtime.startSpan("POST /checkout");
        for (int i = 0; i < 20; i++) {
            try (Span child = runtime.startSpan("step " + i)) {
                child.setAttribute("index", i);
            }
        }
        long ended = System.nanoTime();
        segment.end();
        assertThat(receiver.awaitSpans(21, Duration.ofSeconds(1))).isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - ended);
        assertThat(took).isLessThan(Duration.ofSeconds(1));
        assertThat(receiver.receivedSpans()).extracting(ReceivedSpan::traceId).containsOnly(segment.traceId());
    }

    @Test
    void aDeadReceiverNeverSlowsTheApplicationBoundsMemoryAndEveryDropIsReported() throws Exception {
        receiver.down();
        int maxBuffered = 500;
        start(b -> b.maxBufferedSpans(maxBuffered).queueSize(4));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger sampledMax = new AtomicInteger();
        Thread monitor = new Thread(() -> {
            while (running.get()) {
                sampledMax.accumulateAndGet(buffer.bufferedSpans(), Math::max);
                Thread.onSpinWait();
            }
        }, "buffer-monitor");
        monitor.setDaemon(true);
        monitor.start();
        AtomicLong slowestEnd = new AtomicLong();
        Duration took;
        try {
            took = workload(500, 40, slowestEnd);
        } finally {
            running.set(false);
            monitor.join(5000);
        }
        long produced = 20_000;
        Duration requestTimeout = runtime.options().requestTimeout();
        assertThat(took).as("the whole workload").isLessThan(requestTimeout.dividedBy(3));
        assertThat(Duration.ofNanos(slowestEnd.get())).as("the slowest end()").isLessThan(Duration.ofSeconds(1));
        assertThat(sampledMax.get()).isLessThanOrEqualTo(maxBuffered);
        assertThat(buffer.peakBufferedSpans()).isLessThanOrEqualTo(maxBuffered);

        receiver.up();
        // What is still buffered goes out now; the client report with every count follows.
        assertThat(runtime.flush(Duration.ofSeconds(20))).isTrue();
        assertThat(receiver.await(r -> r.spans().size() + discardedSpans() == produced, WAIT))
                .as("delivered %s + discarded %s == %s", receiver.spans().size(), discardedSpans(), produced)
                .isTrue();
        assertThat(receiver.discarded("buffer_overflow", "span") + receiver.discarded("queue_overflow", "span")
                + receiver.discarded("network_error", "span")).isPositive();
        assertThat(receiver.rejections()).isEmpty();
    }

    @Test
    void aReceiverThatHangsNeverSlowsTheApplication() throws Exception {
        // Accepts the connection, then holds every request: the sender is stuck for the request timeout.
        receiver.respondWith(Behavior.slow(Duration.ofMinutes(1)));
        int maxBuffered = 500;
        start(b -> b.maxBufferedSpans(maxBuffered).queueSize(4).requestTimeout(Duration.ofSeconds(20)));
        try (Span warmUp = runtime.startSpan("first request")) {
            warmUp.setAttribute("hangs", true);
        }
        AtomicLong slowestEnd = new AtomicLong();
        Duration took = workload(500, 40, slowestEnd);
        assertThat(took).as("the whole workload").isLessThan(Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(slowestEnd.get())).as("the slowest end()").isLessThan(Duration.ofSeconds(1));
        assertThat(buffer.peakBufferedSpans()).isLessThanOrEqualTo(maxBuffered);
        assertThat(receiver.spans()).isEmpty();
        assertThat(reports.total(io.github.sentryjakarta.internal.outcome.DiscardReason.BUFFER_OVERFLOW,
                io.github.sentryjakarta.internal.outcome.DataCategory.SPAN)).isPositive();
        long closing = System.nanoTime();
        runtime.close(Duration.ofSeconds(1));
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("close() keeps to its timeout")
                .isLessThan(Duration.ofSeconds(5));
        runtime = null;
    }

    @Test
    void aRateLimitDropsSpansBeforeSendingAndCountsThemWhileClientReportsStillGoOut() {
        receiver.respondOnce(Behavior.status(429, Map.of("X-Sentry-Rate-Limits", "60:span:organization")));
        start(b -> b);
        try (Span first = runtime.startSpan("first")) {
            runtime.spanBuilder("first child").parent(first).start().end();
        }
        assertThat(receiver.await(r -> r.refusedEnvelopes().size() == 1, WAIT)).isTrue();
        // The receiver records the 429 before the client reads it: wait until the limit is known.
        assertThat(runtime.flush(WAIT)).isTrue();
        int requestsAfterLimit = receiver.requestCount();

        int limited = 0;
        for (int t = 0; t < 5; t++) {
            try (Span root = runtime.startSpan("limited " + t)) {
                for (int i = 0; i < 9; i++) {
                    runtime.spanBuilder("child").parent(root).start().end();
                }
            }
            limited += 10;
        }
        assertThat(runtime.flush(Duration.ofSeconds(10))).isTrue();
        int expected = limited; // the first trace's 2 spans were answered 429: Sentry counts those itself
        assertThat(receiver.await(r -> r.discarded("ratelimit_backoff", "span") == expected, WAIT))
                .as("ratelimit_backoff %s", receiver.discarded("ratelimit_backoff", "span")).isTrue();
        assertThat(receiver.spans()).isEmpty();
        // Nothing but client reports was sent after the limit.
        assertThat(receiver.envelopes()).allSatisfy(envelope -> assertThat(envelope.items())
                .extracting(Item::type).containsOnly("client_report"));
        assertThat(receiver.requestCount() - requestsAfterLimit).isEqualTo(receiver.envelopes().size());
        assertThat(receiver.rejections()).isEmpty();
    }

    @Test
    void shutdownDeliversFiveThousandBufferedSpansBeforeCloseReturns() {
        start(b -> b);
        List<Span> roots = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            Span root = runtime.spanBuilder("long request " + t).noParent().active(false).start();
            roots.add(root);
            for (int i = 0; i < 500; i++) {
                runtime.spanBuilder("child").parent(root).active(false).start().end();
            }
        }
        assertThat(buffer.bufferedSpans()).isEqualTo(5000);
        assertThat(receiver.spans()).isEmpty();

        long before = System.nanoTime();
        runtime.close(Duration.ofSeconds(20));
        Duration took = Duration.ofNanos(System.nanoTime() - before);
        // No waiting here: close() returns only after everything was sent.
        assertThat(receiver.spans()).hasSize(5000);
        assertThat(took).isLessThan(Duration.ofSeconds(20));
        assertThat(receiver.rejections()).isEmpty();

        // After shutdown, spans are refused and counted.
        roots.forEach(Span::end);
        assertThat(reports.total(io.github.sentryjakarta.internal.outcome.DiscardReason.QUEUE_OVERFLOW,
                io.github.sentryjakarta.internal.outcome.DataCategory.SPAN)).isEqualTo(10);
        runtime = null;
    }
}
