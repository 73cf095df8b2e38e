package io.github.sentryjakarta.internal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.RuntimeAssembler;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.internal.transport.HttpTransport;
import io.github.sentryjakarta.testreceiver.Behavior;
import io.github.sentryjakarta.testreceiver.CountingReceiver;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole library against a Sentry an internet round trip away (the test receiver answering after 100 ms),
 * in both lifecycles: what an application makes arrives, shutdown drains within its timeout, a dead Sentry
 * costs the shutdown nothing and is reported in one WARN line, and an outbox carries the rest to the next
 * start exactly once.
 */
class DeliveryAtLatencyTest {

    private static final Duration ROUND_TRIP = Duration.ofMillis(100);
    private static final int SPANS_PER_TRACE = 8;

    @TempDir
    Path outbox;

    private SentryReceiver receiver;
    private final List<SentryRuntime> runtimes = new ArrayList<>();
    private final List<LogRecord> transportLog = new CopyOnWriteArrayList<>();
    private final Logger transportLogger = Logger.getLogger(HttpTransport.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            transportLog.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start() {
        receiver = SentryReceiver.start();
        receiver.respondWith(Behavior.latency(ROUND_TRIP));
        transportLogger.addHandler(capture);
    }

    @AfterEach
    void stop() {
        runtimes.forEach(runtime -> runtime.close(Duration.ofSeconds(2)));
        transportLogger.removeHandler(capture);
        receiver.close();
    }

    private SentryRuntime runtime(TraceLifecycle lifecycle, UnaryOperator<SentryOptions.Builder> configure) {
        SentryRuntime runtime = RuntimeAssembler.start(configure.apply(SentryOptions.builder()
                .dsn(receiver.dsn())
                .serverName("e2e")
                .traceLifecycle(lifecycle)
                .tracesSampleRate(1.0)).build());
        runtimes.add(runtime);
        return runtime;
    }

    /** One request's worth: a root and seven children, ended as a server would end them. */
    private static void trace(SentryRuntime runtime) {
        Span root = runtime.spanBuilder("GET /orders/{id}").noParent().active(false).op("http.server").start();
        for (int i = 1; i < SPANS_PER_TRACE; i++) {
            runtime.spanBuilder("step " + i).parent(root).active(false).op("function").start().end();
        }
        root.end();
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void twoHundredTracesASecondForTenSecondsArriveWholeAtAHundredMillisecondRoundTrip(TraceLifecycle lifecycle) {
        SentryRuntime runtime = runtime(lifecycle, b -> b);
        int traces = 2000;
        long interval = TimeUnit.SECONDS.toNanos(1) / 200;

        long start = System.nanoTime();
        for (int i = 0; i < traces; i++) {
            // pacing the load, as requests arrive at a server; nothing is waited for here
            LockSupport.parkNanos(start + i * interval - System.nanoTime());
            trace(runtime);
        }

        int created = traces * SPANS_PER_TRACE;
        assertThat(receiver.await(r -> receivedSpans(r) >= created, Duration.ofSeconds(20)))
                .as("received %s of %s spans", receivedSpans(receiver), created).isTrue();
        assertThat(runtime.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(receivedSpans(receiver)).isEqualTo(created);
        assertThat(receivedSpanIds(receiver)).hasSize(created);
        assertThat(dropped(runtime.clientReports())).isZero();
        assertThat(receiver.rejections()).isEmpty();
    }

    /**
     * Against {@link CountingReceiver}, which counts spans without parsing them: the strict receiver's parsing
     * of a thousand envelopes at once takes more CPU than the library on a small, shared machine, and the
     * envelopes' validity is proven by the other tests here.
     */
    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void aThousandTracesBufferedAtShutdownAreDeliveredWithinTheDefaultTimeout(TraceLifecycle lifecycle) {
        try (CountingReceiver counting = new CountingReceiver(ROUND_TRIP)) {
            SentryRuntime runtime = RuntimeAssembler.start(SentryOptions.builder().dsn(counting.dsn()).serverName("e2e")
                    .traceLifecycle(lifecycle).tracesSampleRate(1.0).build());
            runtimes.add(runtime);
            Duration timeout = runtime.options().shutdownTimeout();
            assertThat(timeout).isEqualTo(Duration.ofSeconds(2));
            // A server that shuts down has been running: its sender threads, connections and JIT are warm.
            for (int i = 0; i < 500; i++) {
                trace(runtime);
            }
            assertThat(runtime.flush(Duration.ofSeconds(20))).isTrue();
            long warmUp = counting.spans();
            for (int i = 0; i < 1000; i++) {
                trace(runtime);
            }

            long closing = System.nanoTime();
            runtime.close(timeout);
            Duration took = Duration.ofNanos(System.nanoTime() - closing);

            assertThat(took).isLessThanOrEqualTo(timeout.plusMillis(200));
            assertThat(counting.spans() - warmUp).isEqualTo(1000 * SPANS_PER_TRACE);
            assertThat(dropped(runtime.clientReports())).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void withSentryDeadShutdownReturnsInTimeAndOneWarningGivesTheExactCount(TraceLifecycle lifecycle) {
        receiver.down();
        SentryRuntime runtime = runtime(lifecycle, b -> b.shutdownTimeout(Duration.ofSeconds(1)));
        int traces = 300;
        for (int i = 0; i < traces; i++) {
            trace(runtime);
        }

        long closing = System.nanoTime();
        runtime.close(runtime.options().shutdownTimeout());
        Duration took = Duration.ofNanos(System.nanoTime() - closing);

        assertThat(took).isLessThanOrEqualTo(Duration.ofSeconds(1).plusMillis(200));
        List<String> warnings = transportLog.stream().filter(r -> r.getLevel() == Level.WARNING)
                .map(LogRecord::getMessage).filter(m -> m.contains("no client report can carry")).toList();
        long transactions = lifecycle == TraceLifecycle.STATIC ? traces : 0;
        assertThat(warnings).singleElement().asString()
                .contains((traces * SPANS_PER_TRACE) + " spans, " + transactions + " transactions")
                .contains("network_error: " + traces * SPANS_PER_TRACE + " spans")
                .contains("Sentry could not be reached");
        assertThat(runtime.clientReports().total(DiscardReason.NETWORK_ERROR, DataCategory.SPAN))
                .isEqualTo((long) traces * SPANS_PER_TRACE);
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void anOutboxCarriesWhatSentryDidNotGetToTheNextStartExactlyOnce(TraceLifecycle lifecycle) throws IOException {
        Files.writeString(outbox.resolve("notes.txt"), "not an envelope");
        Files.write(outbox.resolve("1700000000000-000001.3s0t.envelope"), new byte[] {1, 2, 3}); // not gzip
        UnaryOperator<SentryOptions.Builder> withOutbox = b -> b.outboxDir(outbox.toString());
        receiver.down();
        SentryRuntime first = runtime(lifecycle, withOutbox);
        int traces = 200;
        for (int i = 0; i < traces; i++) {
            trace(first);
        }
        first.close(first.options().shutdownTimeout());
        runtimes.remove(first);
        assertThat(transportLog).noneMatch(r -> r.getMessage().contains("no client report can carry"));
        assertThat(envelopeFiles()).hasSizeGreaterThanOrEqualTo(traces);

        receiver.up();
        SentryRuntime second = runtime(lifecycle, withOutbox);
        assertThat(second.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(receivedSpans(receiver)).isEqualTo(traces * SPANS_PER_TRACE);
        assertThat(receivedSpanIds(receiver)).as("no span twice").hasSize(traces * SPANS_PER_TRACE);
        assertThat(envelopeFiles()).as("the valid files are gone, the foreign ones left alone")
                .containsExactlyInAnyOrder("notes.txt", "1700000000000-000001.3s0t.envelope");
        assertThat(receiver.rejections()).isEmpty();
    }

    private List<String> envelopeFiles() throws IOException {
        try (Stream<Path> files = Files.list(outbox)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** Spans received, streamed or inside transactions (the root of a transaction is a span too). */
    private static int receivedSpans(SentryReceiver receiver) {
        return receiver.spans().size() + receiver.transactions().stream()
                .mapToInt(t -> 1 + t.getJsonArray("spans").size()).sum();
    }

    private static Set<String> receivedSpanIds(SentryReceiver receiver) {
        Set<String> ids = new HashSet<>();
        receiver.spans().forEach(s -> ids.add(s.getString("span_id")));
        for (JsonObject transaction : receiver.transactions()) {
            ids.add(transaction.getJsonObject("contexts").getJsonObject("trace").getString("span_id"));
            transaction.getJsonArray("spans").getValuesAs(JsonObject.class).forEach(s -> ids.add(s.getString("span_id")));
        }
        return ids;
    }

    private static long dropped(ClientReports reports) {
        long total = 0;
        for (DiscardReason reason : DiscardReason.values()) {
            for (DataCategory category : DataCategory.values()) {
                total += reports.total(reason, category);
            }
        }
        return total;
    }
}
