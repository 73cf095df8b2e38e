package io.github.sentryjakarta.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.internal.envelope.EnvelopeQueue;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.envelope.EncodingQueue;
import io.github.sentryjakarta.internal.envelope.TestTraces;
import io.github.sentryjakarta.testreceiver.Behavior;
import io.github.sentryjakarta.testreceiver.Envelope;
import io.github.sentryjakarta.testreceiver.Item;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SentryReceiver receiver = SentryReceiver.start();
    private final ClientReports reports = new ClientReports();
    private final List<EnvelopeQueue> transports = new ArrayList<>();

    @AfterEach
    void tearDown() {
        transports.forEach(t -> t.close(Duration.ofSeconds(2)));
        receiver.close();
    }

    private EnvelopeQueue transport(SentryOptions options) {
        return transport(options, null, HttpTransport.CLIENT_REPORT_INTERVAL);
    }

    private EnvelopeQueue transport(SentryOptions options, ThreadFactory threads, Duration reportInterval) {
        EnvelopeQueue transport = new EncodingQueue(options, reports,
                new HttpTransport(options, reports, threads, reportInterval), threads);
        transports.add(transport);
        return transport;
    }

    private EnvelopeQueue transport() {
        return transport(TestTraces.options(receiver.dsn()).build());
    }

    private static TestTraces.Trace trace(int children) {
        return TestTraces.trace("GET /orders/{id}", children);
    }

    /** Sends the trace's spans and waits until the transport is done with them: sent, refused or counted. */
    private static void sendSpans(EnvelopeQueue transport, TestTraces.Trace trace) {
        transport.enqueueSpans(trace.dsc(), trace.spans());
        assertThat(transport.flush(WAIT)).isTrue();
    }

    /** Sends the trace as a transaction event and waits until the transport is done with it. */
    private static void sendTransaction(EnvelopeQueue transport, TestTraces.Trace trace) {
        transport.enqueueTransaction(trace.dsc(), trace.segment(), trace.children());
        assertThat(transport.flush(WAIT)).isTrue();
    }

    /** Enqueues the trace's spans {@code batches} times. @return the longest one enqueue took */
    private static Duration slowestOfEnqueuing(EnvelopeQueue transport, TestTraces.Trace trace, int batches) {
        long slowest = 0;
        for (int i = 0; i < batches; i++) {
            long start = System.nanoTime();
            transport.enqueueSpans(trace.dsc(), trace.spans());
            slowest = Math.max(slowest, System.nanoTime() - start);
        }
        return Duration.ofNanos(slowest);
    }

    private long total(DiscardReason reason, DataCategory category) {
        return reports.total(reason, category);
    }

    @Test
    void gzipRoundTripsAnySizeAndReusesItsBuffers() throws java.io.IOException {
        Gzip gzip = new Gzip(0);
        java.util.Random random = new java.util.Random(42);
        byte[] incompressible = new byte[300_000]; // larger than the output buffer: it has to grow
        random.nextBytes(incompressible);
        byte[] json = TestTraces.trace("GET /orders/{id}", 999).spans().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (byte[] input : List.of(new byte[0], "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), incompressible, json,
                new byte[3_000_000], incompressible)) {
            byte[] compressed = gzip.compress(input);
            try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(compressed))) {
                assertThat(in.readAllBytes()).isEqualTo(input);
            }
        }
    }

    @Test
    void sendsSmallEnvelopesAsTheyAreWithAuthHeaderAndUserAgent() {
        EnvelopeQueue transport = transport();
        TestTraces.Trace trace = trace(2);

        sendSpans(transport, trace);

        assertThat(receiver.rejections()).isEmpty();
        assertThat(receiver.envelopes()).hasSize(1);
        Envelope envelope = receiver.envelopes().get(0);
        assertThat(envelope.gzipped()).as("below sentry.transport.gzip-min-bytes (32 KiB)").isFalse();
        assertThat(envelope.wireSize()).isEqualTo(envelope.size());
        Map<String, String> headers = envelope.requestHeaders();
        assertThat(headers.get("content-type")).isEqualTo("application/x-sentry-envelope");
        assertThat(headers).doesNotContainKey("content-encoding");
        assertThat(headers.get("x-sentry-auth")).isEqualTo("Sentry sentry_key=publickey, sentry_version=7, "
                + "sentry_client=sentry.java.jakarta/" + SentryOptions.SDK_VERSION);
        assertThat(headers.get("user-agent")).isEqualTo("sentry.java.jakarta/" + SentryOptions.SDK_VERSION);
        assertThat(receiver.spans()).extracting(s -> s.getString("span_id"))
                .containsExactlyElementsOf(trace.spans().stream().map(s -> s.spanId()).toList());
    }

    @Test
    void gzipsEnvelopesFromTheThresholdOn() {
        EnvelopeQueue always = transport(TestTraces.options(receiver.dsn()).gzipMinBytes(0).build());
        sendSpans(always, trace(2));
        EnvelopeQueue byDefault = transport();
        TestTraces.Trace large = trace(400);
        sendSpans(byDefault, large);

        assertThat(receiver.rejections()).isEmpty();
        assertThat(receiver.envelopes()).hasSize(2).allSatisfy(envelope -> {
            assertThat(envelope.gzipped()).isTrue();
            assertThat(envelope.wireSize()).isLessThan(envelope.size());
            assertThat(envelope.requestHeaders().get("content-encoding")).isEqualTo("gzip");
        });
        assertThat(receiver.envelopes().get(1).size()).as("over the default 32 KiB").isGreaterThan(32768);
        assertThat(receiver.spans()).hasSize(2 + 1 + large.spans().size());
    }

    @Test
    void sendsTransactionEvents() {
        EnvelopeQueue transport = transport();

        sendTransaction(transport, trace(3));

        assertThat(receiver.rejections()).isEmpty();
        assertThat(receiver.transactions()).hasSize(1);
        assertThat(receiver.transactions().get(0).getString("transaction")).isEqualTo("GET /orders/{id}");
        assertThat(receiver.transactions().get(0).getJsonArray("spans")).hasSize(3);
    }

    @Test
    void spanRateLimitDropsLaterSpanEnvelopesWhileTheClientReportGetsThrough() {
        EnvelopeQueue transport = transport();
        receiver.respondOnce(Behavior.status(429, Map.of("X-Sentry-Rate-Limits", "60:span:organization")));

        sendSpans(transport, trace(2));
        sendSpans(transport, trace(4));

        assertThat(receiver.refusedEnvelopes()).hasSize(1);
        assertThat(receiver.spans()).isEmpty();
        assertThat(receiver.envelopes()).allSatisfy(e -> assertThat(e.items()).extracting(Item::type)
                .containsOnly("client_report"));
        // The 3 spans Sentry answered 429 are Sentry's to count (it records the outcome); the 5 dropped before
        // sending are ours.
        assertThat(receiver.discarded("ratelimit_backoff", "span")).isEqualTo(5);
        assertThat(total(DiscardReason.RATELIMIT_BACKOFF, DataCategory.SPAN)).isEqualTo(5);
        assertThat(total(DiscardReason.NETWORK_ERROR, DataCategory.SPAN)).isZero();
    }

    @Test
    void transactionRateLimitCountsTheTransactionAndItsSpans() {
        EnvelopeQueue transport = transport();
        receiver.respondOnce(Behavior.status(200, Map.of("X-Sentry-Rate-Limits", "60:transaction:organization")));
        sendTransaction(transport, trace(0));
        sendTransaction(transport, trace(2));

        assertThat(receiver.transactions()).hasSize(1);
        assertThat(receiver.discarded("ratelimit_backoff", "transaction")).isEqualTo(1);
        assertThat(receiver.discarded("ratelimit_backoff", "span")).isEqualTo(3);
    }

    @Test
    void bare429BacksOffEverythingForRetryAfterIncludingClientReports() {
        EnvelopeQueue transport = transport();
        receiver.respondOnce(Behavior.status(429, Map.of("Retry-After", "120")));
        TestTraces.Trace second = trace(1);

        sendSpans(transport, trace(1));
        transport.enqueueSpans(second.dsc(), second.spans());
        sendTransaction(transport, trace(0));

        assertThat(receiver.requestCount()).isEqualTo(1);
        assertThat(total(DiscardReason.RATELIMIT_BACKOFF, DataCategory.SPAN)).isEqualTo(2 + 1); // not the 429'd 2
        assertThat(total(DiscardReason.RATELIMIT_BACKOFF, DataCategory.TRANSACTION)).isEqualTo(1);
    }

    @Test
    void payloadTooLargeCountsSendError() {
        EnvelopeQueue transport = transport();
        receiver.respondOnce(Behavior.status(413));

        sendSpans(transport, trace(6));

        assertThat(total(DiscardReason.SEND_ERROR, DataCategory.SPAN)).isEqualTo(7);
        assertThat(receiver.discarded("send_error", "span")).isEqualTo(7);
        assertThat(total(DiscardReason.NETWORK_ERROR, DataCategory.SPAN)).isZero();
    }

    @Test
    void serverErrorCountsNetworkErrorForSpansAndTransactions() {
        EnvelopeQueue transport = transport();
        receiver.respondOnce(Behavior.status(500));
        receiver.respondOnce(Behavior.status(503));
        TestTraces.Trace spans = trace(4);
        TestTraces.Trace transaction = trace(2);

        transport.enqueueSpans(spans.dsc(), spans.spans());
        sendTransaction(transport, transaction);

        assertThat(receiver.discarded("network_error", "span")).isEqualTo(5 + 3);
        assertThat(receiver.discarded("network_error", "transaction")).isEqualTo(1);
    }

    @Test
    void connectionResetCountsNetworkError() {
        EnvelopeQueue transport = transport();
        receiver.respondOnce(Behavior.resetConnection());

        sendSpans(transport, trace(2));

        assertThat(total(DiscardReason.NETWORK_ERROR, DataCategory.SPAN)).isEqualTo(3);
    }

    @Test
    void failedClientReportIsRestoredAndSentLater() {
        EnvelopeQueue transport = transport();
        reports.record(DiscardReason.SAMPLE_RATE, DataCategory.SPAN, 11);
        receiver.respondOnce(Behavior.status(500));

        assertThat(transport.flush(WAIT)).isTrue();
        assertThat(receiver.clientReports()).isEmpty();
        assertThat(transport.flush(WAIT)).isTrue();

        assertThat(receiver.discarded("sample_rate", "span")).isEqualTo(11);
    }

    @Test
    void deadEndpointNeverSlowsEnqueueAndWhatWaitedIsDeliveredWhenSentryComesBack() {
        EnvelopeQueue transport = transport();
        receiver.down();
        int batches = 200;
        int spansPerBatch = 3;
        TestTraces.Trace trace = trace(spansPerBatch - 1);

        assertThat(slowestOfEnqueuing(transport, trace, batches)).isLessThan(Duration.ofMillis(50));
        assertThat(transport.flush(Duration.ofMillis(300))).as("nothing can be sent while Sentry is down").isFalse();

        receiver.up();
        assertThat(transport.flush(Duration.ofSeconds(20))).isTrue();
        // a refused connection never reached Sentry: those envelopes waited in the (bounded) queue and went later
        assertThat(receiver.spans()).hasSize(batches * spansPerBatch);
        assertThat(total(DiscardReason.NETWORK_ERROR, DataCategory.SPAN)).isZero();
        assertThat(total(DiscardReason.QUEUE_OVERFLOW, DataCategory.SPAN)).isZero();
    }

    @Test
    void deadEndpointBoundsTheQueueInBytesAndCountsEveryOverflowingSpan() {
        SentryOptions options = TestTraces.options(receiver.dsn()).maxQueuedBytes(65536).build();
        EnvelopeQueue transport = transport(options);
        receiver.down();
        int batches = 400;
        TestTraces.Trace trace = TestTraces.trace(TestTraces.options(receiver.dsn()).build(), "GET /big", 9,
                (i, span) -> span.setAttribute("payload", java.util.UUID.randomUUID().toString().repeat(20)));

        for (int i = 0; i < batches; i++) {
            transport.enqueueSpans(trace.dsc(), trace.spans());
        }
        transport.close(Duration.ofMillis(500));

        long overflow = total(DiscardReason.QUEUE_OVERFLOW, DataCategory.SPAN);
        long networkErrors = total(DiscardReason.NETWORK_ERROR, DataCategory.SPAN);
        assertThat(overflow).as("64 KiB of gzip cannot hold 400 envelopes").isPositive();
        assertThat(networkErrors).as("what the queue held when shutdown gave up on Sentry").isPositive();
        assertThat(overflow + networkErrors).isEqualTo(batches * 10L);
    }

    @Test
    void stalledEndpointTimesOutRequestsInParallelAndCountsEverySpanOnce() {
        SentryOptions options = TestTraces.options(receiver.dsn()).requestTimeout(Duration.ofMillis(300)).build();
        EnvelopeQueue transport = transport(options);
        receiver.respondWith(Behavior.slow(Duration.ofSeconds(30)));
        int batches = 20;
        TestTraces.Trace trace = trace(1);

        long start = System.nanoTime();
        Duration slowest = slowestOfEnqueuing(transport, trace, batches);
        assertThat(transport.flush(WAIT)).isTrue();

        assertThat(slowest).isLessThan(Duration.ofMillis(50));
        // one at a time this would take 20 x 300 ms
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(total(DiscardReason.NETWORK_ERROR, DataCategory.SPAN)).isEqualTo(batches * 2L);
        assertThat(receiver.spans()).isEmpty();
    }

    @Test
    void slowReceiverWithShortRequestTimeoutCountsNetworkErrorWithoutHanging() {
        SentryOptions options = TestTraces.options(receiver.dsn()).requestTimeout(Duration.ofMillis(300)).build();
        EnvelopeQueue transport = transport(options);
        receiver.respondOnce(Behavior.slow(Duration.ofSeconds(30)));
        TestTraces.Trace trace = trace(1);

        long start = System.nanoTime();
        sendSpans(transport, trace);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(total(DiscardReason.NETWORK_ERROR, DataCategory.SPAN)).isEqualTo(2);
    }

    @Test
    void spotlightGetsAnUncompressedCopyOfEveryEnvelope() {
        SentryOptions options = TestTraces.options(receiver.dsn()).spotlight(true)
                .spotlightUrl(receiver.spotlightUrl()).build();
        EnvelopeQueue transport = transport(options);
        TestTraces.Trace spans = trace(1);

        transport.enqueueSpans(spans.dsc(), spans.spans());
        sendTransaction(transport, trace(1));

        assertThat(receiver.envelopes()).hasSize(2);
        assertThat(receiver.spotlightEnvelopes()).hasSize(2);
        assertThat(receiver.spotlightEnvelopes()).allSatisfy(e -> {
            assertThat(e.gzipped()).isFalse();
            assertThat(e.requestHeaders().get("content-type")).isEqualTo("application/x-sentry-envelope");
        });
        // requests go in parallel: the order of arrival is not the order of sending
        assertThat(receiver.spotlightEnvelopes().stream().map(e -> new String(e.bytes(), java.nio.charset.StandardCharsets.UTF_8)))
                .containsExactlyInAnyOrderElementsOf(receiver.envelopes().stream()
                        .map(e -> new String(e.bytes(), java.nio.charset.StandardCharsets.UTF_8)).toList());
    }

    @Test
    void spotlightWithoutDsnSendsOnlyToSpotlight() {
        SentryOptions options = TestTraces.options(null).spotlight(true).spotlightUrl(receiver.spotlightUrl()).build();
        assertThat(options.isActive()).isTrue();
        EnvelopeQueue transport = transport(options);

        sendSpans(transport, trace(2));

        assertThat(receiver.spotlightEnvelopes()).hasSize(1);
        assertThat(receiver.spotlightEnvelopes().get(0).items().get(0).json().getJsonArray("items")).hasSize(3);
        assertThat(receiver.requestCount()).isZero();
    }

    @Test
    void unreachableSpotlightIsIgnored() {
        SentryOptions options = TestTraces.options(receiver.dsn()).spotlight(true)
                .spotlightUrl("http://127.0.0.1:1/stream").build();
        EnvelopeQueue transport = transport(options);

        sendSpans(transport, trace(1));

        assertThat(receiver.spans()).hasSize(2);
        assertThat(total(DiscardReason.NETWORK_ERROR, DataCategory.SPAN)).isZero();
    }

    @Test
    void clientReportRidesAlongWithTheNextEnvelopeAtMostEveryThirtySeconds() {
        EnvelopeQueue transport = transport();
        TestTraces.Trace first = trace(0);
        TestTraces.Trace second = trace(0);
        reports.record(DiscardReason.SAMPLE_RATE, DataCategory.SPAN, 4);

        transport.enqueueSpans(first.dsc(), first.spans());
        assertThat(receiver.awaitSpans(1, WAIT)).isTrue();
        reports.record(DiscardReason.SAMPLE_RATE, DataCategory.SPAN, 5);
        transport.enqueueSpans(second.dsc(), second.spans());
        assertThat(receiver.awaitSpans(2, WAIT)).isTrue();

        assertThat(receiver.envelopes().get(0).items()).extracting(Item::type).containsExactlyInAnyOrder("client_report", "span");
        assertThat(receiver.envelopes().get(1).items()).extracting(Item::type).containsExactly("span");
        assertThat(receiver.discarded("sample_rate", "span")).isEqualTo(4);
        assertThat(transport.flush(WAIT)).isTrue();
        assertThat(receiver.discarded("sample_rate", "span")).isEqualTo(9);
    }

    @Test
    void pendingClientReportGoesOutAloneWhenNothingElseIsSent() {
        transport(TestTraces.options(receiver.dsn()).build(), null, Duration.ofMillis(100));

        reports.record(DiscardReason.IGNORED, DataCategory.SPAN, 3);

        assertThat(receiver.await(r -> r.discarded("ignored", "span") == 3, WAIT)).isTrue();
    }

    @Test
    void closeSendsTheLastClientReportAndLaterEnqueuesAreCounted() {
        EnvelopeQueue transport = transport();
        TestTraces.Trace trace = trace(1);
        reports.record(DiscardReason.BUFFER_OVERFLOW, DataCategory.SPAN, 2);

        transport.close(WAIT);
        transport.enqueueSpans(trace.dsc(), trace.spans());
        transport.enqueueTransaction(trace.dsc(), trace.segment(), trace.children());

        assertThat(receiver.discarded("buffer_overflow", "span")).isEqualTo(2);
        assertThat(total(DiscardReason.QUEUE_OVERFLOW, DataCategory.SPAN)).isEqualTo(2 + 2);
        assertThat(total(DiscardReason.QUEUE_OVERFLOW, DataCategory.TRANSACTION)).isEqualTo(1);
        assertThat(receiver.spans()).isEmpty();
        assertThat(transport.flush(Duration.ofMillis(100))).isFalse();
    }

    @Test
    void closeWithinItsTimeoutEvenWhenTheEndpointStalls() {
        SentryOptions options = TestTraces.options(receiver.dsn()).requestTimeout(Duration.ofSeconds(30)).build();
        EnvelopeQueue transport = transport(options);
        receiver.respondWith(Behavior.slow(Duration.ofSeconds(30)));
        TestTraces.Trace trace = trace(1);
        for (int i = 0; i < 3; i++) {
            transport.enqueueSpans(trace.dsc(), trace.spans());
        }

        long start = System.nanoTime();
        transport.close(Duration.ofMillis(500));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(total(DiscardReason.NETWORK_ERROR, DataCategory.SPAN)
                + total(DiscardReason.QUEUE_OVERFLOW, DataCategory.SPAN)).isEqualTo(6);
        assertThat(receiver.spans()).isEmpty();
    }

    @Test
    void usesTheGivenThreadFactoryOrDaemonSenderThreads() {
        List<Thread> made = new ArrayList<>();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "managed-" + made.size());
            thread.setDaemon(true);
            made.add(thread);
            return thread;
        };
        EnvelopeQueue managed = transport(TestTraces.options(receiver.dsn()).build(), factory,
                HttpTransport.CLIENT_REPORT_INTERVAL);
        TestTraces.Trace trace = trace(0);
        sendSpans(managed, trace);

        assertThat(made).extracting(Thread::getName).hasSizeGreaterThanOrEqualTo(2); // the encoder and a sender

        EnvelopeQueue plain = transport();
        sendSpans(plain, trace);
        assertThat(Thread.getAllStackTraces().keySet())
                .anyMatch(t -> t.getName().equals(EncodingQueue.THREAD_NAME) && t.isDaemon())
                .anyMatch(t -> t.getName().equals(HttpTransport.THREAD_NAME) && t.isDaemon());
    }

    @Test
    void emptyAndNullInputIsIgnoredWithoutThrowing() {
        EnvelopeQueue transport = transport();

        transport.enqueueSpans(null, null);
        transport.enqueueSpans(null, List.of());
        transport.enqueueTransaction(null, null, null);
        assertThat(transport.flush(WAIT)).isTrue();

        assertThat(receiver.requestCount()).isZero();
    }
}
