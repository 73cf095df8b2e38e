package io.github.sentryjakarta.it.quarkus;

import static io.github.sentryjakarta.testreceiver.SpanJson.attr;
import static io.github.sentryjakarta.testreceiver.SpanJson.data;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.it.harness.Http;
import io.github.sentryjakarta.it.harness.QuarkusApp;
import io.github.sentryjakarta.it.harness.Received;
import io.github.sentryjakarta.it.harness.ServerProcess;
import io.github.sentryjakarta.it.harness.ShopContract;
import io.github.sentryjakarta.it.shop.OrderService;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The shop's scenarios ({@link ShopContract}, as the servers' {@code AbstractServerIT}) on a real Quarkus application: this module's
 * {@code quarkus-run.jar} (Quarkus REST + ArC, the library as a plain dependency, {@code sentry.trace-lifecycle=stream}
 * in {@code application.properties}) runs in its own JVM with {@code sentry.dsn} pointing at a {@link SentryReceiver}
 * in this JVM and a flush interval of ten minutes (so that only a segment's end or the shutdown flush sends spans).
 * A second instance, started with {@code -Dsentry.trace-lifecycle=static}, checks the transaction lifecycle.
 * Requests go over real HTTP; every wait is on a condition with a deadline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuarkusIT {

    static final Duration STARTUP = Duration.ofSeconds(60);
    static final Duration SPANS = Received.SPANS;
    static final Duration STOP = Duration.ofSeconds(30);

    SentryReceiver sentry;
    ServerProcess app;
    final Http http = new Http(Duration.ofSeconds(20));
    Received received;
    ShopContract contract;
    private final long classStart = System.nanoTime();

    @BeforeAll
    void startApplication() throws Exception {
        sentry = SentryReceiver.start();
        received = new Received(sentry, () -> app == null ? "" : app.tail(40));
        contract = new ShopContract(received);
        app = QuarkusApp.start("quarkus", properties(), STARTUP);
    }

    /** What the application JVM gets as system properties (they win over application.properties). */
    Map<String, String> properties() {
        Map<String, String> properties = Received.systemProperties(sentry);
        if (Boolean.getBoolean("it.sentry.debug")) {
            properties.put("quarkus.log.category.\"io.github.sentryjakarta\".level", "DEBUG");
        }
        return properties;
    }

    @AfterAll
    void stopApplication() {
        try {
            if (app != null) {
                app.stop(STOP);
                app.printSentryWarnings("quarkus", line -> false);
            }
        } finally {
            if (sentry != null) {
                received.printTotals("quarkus", classStart);
                sentry.close();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ stream

    /** On the event loop ({@code @NonBlocking}): the request span with the bean spans as children, as on the servers. */
    @Test
    @Order(1)
    void nonBlockingRequestSpanHasTheBeanSpansAsChildren() throws Exception {
        JsonObject request = orderRequestSpan("/api/orders/7/nonblocking", "order 7 for ada");
        JsonObject describe = contract.assertOrderTrace(request, "/api/orders/{id}/nonblocking", app.baseUri().getPort());
        assertThat(attr(describe, "code.namespace")).as("the bean class, not ArC's subclass or proxy")
                .isEqualTo(OrderService.class.getName());
    }

    /**
     * A blocking resource method (Quarkus's default): the pre-matching filter runs on the event loop, the
     * resource on a worker thread. The route filter, on the worker, makes the request span current there too,
     * so the bean spans are its children, as on the servers.
     */
    @Test
    @Order(2)
    void blockingRequestSpanHasTheBeanSpansAsChildrenOnTheWorkerThread() throws Exception {
        JsonObject request = orderRequestSpan("/api/orders/5", "order 5 for ada");
        JsonObject describe = contract.assertOrderTrace(request, "/api/orders/{id}", app.baseUri().getPort());
        assertThat(attr(describe, "thread.name")).startsWith("executor-thread-");
    }

    /**
     * Quarkus REST hands an exception no mapper handles to Vert.x ({@code QuarkusErrorHandler}) without running the
     * response filters; the library's completion callback on RESTEasy Reactive's request context ends the span
     * then: 500, {@code error}, {@code error.type}.
     */
    @Test
    @Order(3)
    void unmappedExceptionEndsTheRequestSpanAsAnError() throws Exception {
        JsonObject request = contract.requestSpan(http, app.baseUri(), "/api/orders/3/invoice", 500);
        contract.assertFailedInvoiceTrace(request, "/api/orders/{id}/invoice");
        assertThat(attr(request, "error.type")).isEqualTo("java.lang.IllegalStateException");
    }

    /**
     * A request under the application path that matches no resource runs only the pre-matching filter; the
     * completion callback ends its span, named after the application path. KNOWN ISSUE (pinned): the callback
     * does not learn the status, so the span has no status code and stays {@code ok}.
     */
    @Test
    @Order(4)
    void unmatchedRequestIsSentNamedAfterTheApplicationPath() throws Exception {
        JsonObject span = contract.requestSpan(http, app.baseUri(), "/api/nothing/here", 404);
        assertThat(span.getString("name")).isEqualTo("GET /api/*");
        assertThat(attr(span, "http.route")).isNull();
        assertThat(attr(span, "http.response.status_code")).as("KNOWN ISSUE: the 404 is not seen").isNull();
    }

    /**
     * Blocking and non-blocking requests interleaved, alternately continuing an incoming trace and starting their
     * own: the span a blocking request leaves current on the event loop (see above) must not leak into the next
     * request served there, and no continued trace may survive into the next request.
     */
    @Test
    @Order(5)
    void noSpanOrTraceLeaksIntoTheNextRequest() throws Exception {
        int requests = 24;
        IntFunction<String> pathOf = i -> "/api/orders/" + (1000 + i) + (i % 2 == 0 ? "" : "/nonblocking");
        Map<String, String[]> incoming = ShopContract.sendInSequence(http, app.baseUri(), requests, pathOf,
                i -> i % 4 < 2, i -> "/api/orders/" + (1000 + i) + "/invoice");
        assertThat(sentry.await(r -> orderRequestSpans(r).filter(s -> pathId(s) >= 1000).count() >= requests, SPANS))
                .as("request spans of all %d requests", requests).isTrue();
        List<JsonObject> spans = orderRequestSpans(sentry).filter(s -> pathId(s) >= 1000).toList();
        assertThat(spans).hasSize(requests);

        Map<String, Integer> threads = contract.assertEachASegmentOfItsOwnTrace(spans, incoming);
        for (JsonObject span : spans) {
            List<String> names = received.spansOfTrace(span.getString("trace_id")).stream().map(s -> s.getString("name")).toList();
            if (attr(span, "url.path").endsWith("/nonblocking")) {
                assertThat(names).as(attr(span, "url.path"))
                        .containsExactlyInAnyOrder("GET /api/orders/{id}/nonblocking", "OrderService.describe", "SELECT orders");
            } else { // blocking: the worker thread joined the request's trace, and left it afterwards
                assertThat(names).as(attr(span, "url.path"))
                        .containsExactlyInAnyOrder("GET /api/orders/{id}", "OrderService.describe", "SELECT orders");
            }
        }
        ShopContract.assertSomeThreadServedSeveral("quarkus", requests, threads);
    }

    // ------------------------------------------------------------------------------------------------ async work

    /**
     * Work handed to other threads ({@code WorkResource}: MicroProfile Context Propagation's {@code ManagedExecutor},
     * a {@code CompletionStage} chain on it, {@code ThreadContext} proxies, the common pool through
     * {@code Traces.wrap}), three rounds: each request's trace holds exactly its own spans, all children of the
     * request span, and no task starts a trace of its own.
     */
    @Test
    @Order(7)
    void workOnOtherThreadsJoinsTheRequestsTraceAndNoOther() throws Exception {
        Map<String, List<String>> work = new LinkedHashMap<>();
        work.put("executor", List.of("Worker.step"));
        work.put("chain", List.of("Worker.step", "Worker.polish"));
        work.put("common", List.of("Worker.step"));
        work.put("context", List.of("Worker.step"));
        Map<String, String> caseOfPath = new LinkedHashMap<>();
        long id = 2000;
        for (int round = 0; round < 3; round++) {
            for (String kind : work.keySet()) {
                String path = "/api/work/" + kind + "/" + id++;
                HttpResponse<String> response = get(app, path, Map.of());
                assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
                caseOfPath.put(path, kind);
            }
        }
        for (Map.Entry<String, String> entry : caseOfPath.entrySet()) {
            JsonObject request = received.awaitRequest(entry.getKey());
            String trace = request.getString("trace_id");
            List<String> expected = work.get(entry.getValue());
            assertThat(sentry.await(r -> r.spans().stream().filter(s -> trace.equals(s.getString("trace_id"))).count()
                    >= 1 + expected.size(), SPANS)).as("%s: spans of its trace; received %s", entry.getKey(), received.names()).isTrue();
            List<JsonObject> others = received.spansOfTrace(trace).stream().filter(s -> s != request).toList();
            assertThat(others).extracting(s -> s.getString("name")).as("%s: exactly its own spans", entry.getKey())
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(others).extracting(s -> s.getString("parent_span_id")).as("%s: children of the request span",
                    entry.getKey()).containsOnly(request.getString("span_id"));
        }
        assertThat(sentry.spans()).filteredOn(s -> s.getBoolean("is_segment"))
                .as("no task started a trace of its own").allMatch(s -> "http.server".equals(attr(s, "sentry.op")));
    }

    // ------------------------------------------------------------------------------------------------ static

    /** A second instance of the same application with {@code -Dsentry.trace-lifecycle=static}. */
    @Test
    @Order(6)
    void staticLifecycleSendsOneTransactionPerRequest() throws Exception {
        Map<String, String> properties = properties();
        properties.put("sentry.trace-lifecycle", "static");
        ServerProcess staticApp = QuarkusApp.start("quarkus-static", properties, STARTUP);
        String staticPort = String.valueOf(staticApp.baseUri().getPort());
        try {
            assertThat(get(staticApp, "/api/orders/8/nonblocking", Map.of()).statusCode()).isEqualTo(200);
            assertThat(get(staticApp, "/api/orders/10", Map.of()).statusCode()).isEqualTo(200);

            JsonObject ok = received.awaitTransaction(t -> "/api/orders/8/nonblocking".equals(data(t, "url.path")));
            ShopContract.assertOrderTransaction(ok, "/api/orders/{id}/nonblocking");
            assertThat(data(ok, "server.port")).isEqualTo(staticPort);

            JsonObject blocking = received.awaitTransaction(t -> "/api/orders/10".equals(data(t, "url.path")));
            ShopContract.assertOrderTransaction(blocking, "/api/orders/{id}");
        } finally {
            assertThat(staticApp.stop(STOP)).as("static instance stops gracefully").isTrue();
        }
        List<String> lines = staticApp.logLines();
        assertThat(lines.stream().filter(line -> line.contains("sentry-jakarta started: lifecycle static")).count()).isEqualTo(1);
        assertThat(ShopContract.libraryProblems(lines)).as("what the static instance's library logged besides 'started'").isEmpty();

        // The static instance never sends span envelopes, the stream one never sends transactions.
        String streamPort = String.valueOf(app.baseUri().getPort());
        assertThat(sentry.spans()).noneMatch(s -> staticPort.equals(attr(s, "server.port")));
        assertThat(sentry.transactions()).noneMatch(t -> streamPort.equals(data(t, "server.port")));
    }

    // ------------------------------------------------------------------------------------------------ shutdown

    /**
     * A span that ends after its segment waits in the span buffer (for the ten-minute flush interval): only the
     * graceful stop (SIGTERM; the batcher's {@code @PreDestroy}) can deliver it.
     */
    @Test
    @Order(100)
    void gracefulStopFlushesBufferedSpans() throws Exception {
        ShopContract.DeferredAudit deferred = contract.deferAudit(http, app.baseUri(), "/api/audits");
        int envelopesBefore = sentry.envelopes().size();
        assertThat(app.stop(STOP)).as("graceful stop within %s", STOP).isTrue();
        contract.assertDeliveredByTheStop(deferred);
        System.out.printf("[quarkus] after stop: %d more envelopes; client reports: %s%n",
                sentry.envelopes().size() - envelopesBefore, sentry.clientReports());

        // The library started once, at start-up (before "Listening on"), and logged nothing else.
        List<String> lines = app.logLines();
        assertThat(lines.stream().filter(line -> line.contains("sentry-jakarta started: lifecycle stream")).count())
                .isEqualTo(1);
        int startedAt = indexOf(lines, "sentry-jakarta started: lifecycle stream");
        int listeningAt = indexOf(lines, "Listening on");
        assertThat(startedAt).as("the library starts with the application, not at the first request")
                .isLessThan(listeningAt);
        List<String> problems = ShopContract.libraryProblems(lines);
        System.out.printf("[quarkus] library warnings and errors in the log: %s%n", problems);
        assertThat(problems).as("what the library logged besides 'started'").isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@code GET path} answers 200 with {@code body}; its request span, started by the pre-matching filter on the
     * event loop whether the resource method blocks or not.
     */
    private JsonObject orderRequestSpan(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = get(app, path, Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);
        JsonObject request = received.awaitRequest(path);
        assertThat(attr(request, "thread.name")).startsWith("vert.x-eventloop-thread-");
        return request;
    }

    HttpResponse<String> get(ServerProcess target, String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        return http.get(target.baseUri(), path, headers);
    }

    static java.util.stream.Stream<JsonObject> orderRequestSpans(SentryReceiver receiver) {
        return receiver.spans().stream()
                .filter(s -> "http.server".equals(attr(s, "sentry.op")))
                .filter(s -> String.valueOf(attr(s, "url.path")).startsWith("/api/orders/"));
    }

    /** The numeric id in /api/orders/{id} or /api/orders/{id}/nonblocking, or -1. */
    static long pathId(JsonObject span) {
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("/api/orders/([0-9]+)(/nonblocking)?")
                .matcher(String.valueOf(attr(span, "url.path")));
        return id.matches() ? Long.parseLong(id.group(1)) : -1;
    }
}
