package io.github.sentryjakarta.it;

import static io.github.sentryjakarta.testreceiver.SpanJson.attr;
import static io.github.sentryjakarta.testreceiver.SpanJson.data;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.it.harness.Files2;
import io.github.sentryjakarta.it.harness.Http;
import io.github.sentryjakarta.it.harness.Received;
import io.github.sentryjakarta.it.harness.ServerProcess;
import io.github.sentryjakarta.it.harness.ShopContract;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The same checks on every server: the WAR built by this module is deployed twice, as {@code /shop} (span
 * streaming, from its microprofile-config.properties) and {@code /shop-static} (a copy set to the static
 * lifecycle), with {@code sentry.dsn} pointing at a {@link SentryReceiver} in this JVM, passed to the server JVM
 * as a system property with {@code sentry.traces-sample-rate=1.0} and a flush interval of ten minutes (so that
 * only a segment's end or the shutdown flush sends spans). Requests go over real HTTP. The scenarios the servers share
 * with Quarkus are the harness's {@link ShopContract}; what differs per server is pinned by the subclasses
 * ({@link #workNotJoining()}, {@link #knownLibraryLogLines()}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AbstractServerIT {

    static final String STREAM = "/shop";
    static final String STATIC = "/shop-static";
    /** 90 s; {@code -Dit.startup-seconds=N} gives a loaded machine more (a shared CI host, several servers at once). */
    static final Duration STARTUP = Duration.ofSeconds(Long.getLong("it.startup-seconds", 90));
    static final Duration SPANS = Received.SPANS;
    static final Duration STOP = Duration.ofSeconds(30);

    SentryReceiver sentry;
    ServerProcess server;
    Http http;
    Received received;
    ShopContract contract;
    Path runDir;
    private final long classStart = System.nanoTime();

    /** A short name, also the run folder under target/server-runs. */
    abstract String serverName();

    /**
     * Starts the server on free 127.0.0.1 ports in {@code runDir}, with {@code systemProperties} in the server
     * JVM, deploys {@code wars} (context root = file name without {@code .war}) and waits until they are deployed.
     */
    abstract ServerProcess start(Path runDir, Map<String, String> systemProperties, List<Path> wars) throws Exception;

    @BeforeAll
    void startServer() throws Exception {
        sentry = SentryReceiver.start();
        runDir = Files2.freshRunDir(serverName());
        Path war = Files2.requiredPath("it.war");
        Path wars = Files.createDirectories(runDir.resolve("wars"));
        Path streamWar = Files.copy(war, wars.resolve("shop.war"), StandardCopyOption.REPLACE_EXISTING);
        Path staticWar = Files2.warWithLifecycle(war, wars.resolve("shop-static.war"), "static");

        Map<String, String> properties = Received.systemProperties(sentry);
        properties.put("sentry.traces-sample-rate", "1.0");
        http = new Http(Duration.ofSeconds(20));
        received = new Received(sentry, () -> server == null ? "" : server.tail(40));
        contract = new ShopContract(received);
        server = start(runDir, properties, List.of(streamWar, staticWar));
    }

    @AfterAll
    void stopServer() {
        try {
            if (server != null) {
                server.stop(STOP);
                server.printSentryWarnings(serverName(), line -> line.contains("RESTEASY002155"));
            }
        } finally {
            if (sentry != null) {
                received.printTotals(serverName(), classStart);
                sentry.close();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ stream

    @Test
    @Order(1)
    void requestSpanHasTheBeanSpansAsChildren() throws Exception {
        HttpResponse<String> response = get(STREAM + "/api/orders/7", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("order 7 for ada");

        JsonObject request = received.awaitRequest("/shop/api/orders/7");
        contract.assertOrderTrace(request, "/shop/api/orders/{id}", server.baseUri().getPort());
    }

    @Test
    @Order(2)
    void unmappedExceptionMakesTheRequestSpanAnError() throws Exception {
        JsonObject request = contract.requestSpan(http, server.baseUri(), STREAM + "/api/orders/3/invoice", 500);
        JsonObject invoice = contract.assertFailedInvoiceTrace(request, "/shop/api/orders/{id}/invoice");
        String trace = request.getString("trace_id");
        assertThat(attr(request, "error.type")).as("also where the runtime's default mapper answered")
                .isEqualTo("java.lang.IllegalStateException");
        assertThat(attr(request, "sentry.status.message")).isEqualTo("internal_error");
        List<JsonObject> events = awaitEventsOfTrace(trace, "sentry.java.jakarta");
        assertThat(events).hasSize(1);
        JsonObject context = events.get(0).getJsonObject("contexts").getJsonObject("trace");
        assertThat(context.getString("span_id")).as("where it was thrown").isEqualTo(invoice.getString("span_id"));
        assertThat(events.get(0).getString("transaction")).isEqualTo("GET /shop/api/orders/{id}/invoice");
    }

    @Test
    @Order(6)
    void anErrorReportedThroughTheOfficialJavaSdkLinksToTheRequestSpan() throws Exception {
        HttpResponse<String> response = get(STREAM + "/api/report", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);

        JsonObject request = received.awaitRequest("/shop/api/report");
        String trace = request.getString("trace_id");
        JsonObject event = awaitEventsOfTrace(trace, "sentry.java").stream()
                .filter(e -> !e.getJsonObject("sdk").getString("name").equals("sentry.java.jakarta"))
                .findFirst().orElseThrow();
        assertThat(event.getString("event_id").replace("-", "")).isEqualTo(response.body().replace("-", ""));
        assertThat(event.getJsonObject("contexts").getJsonObject("trace").getString("span_id"))
                .isEqualTo(request.getString("span_id"));
        assertThat(event.getString("transaction")).isEqualTo("GET /shop/api/report");
        JsonObject header = sentry.envelopes().stream()
                .filter(e -> e.items().stream().anyMatch(i -> i.type().equals("event")
                        && i.json().getString("event_id").equals(event.getString("event_id"))))
                .findFirst().orElseThrow().header();
        assertThat(header.getJsonObject("trace").getString("trace_id")).isEqualTo(trace);
    }

    /** The error events whose {@code contexts.trace} is in {@code trace}, sent by an SDK whose name starts with {@code sdkPrefix}. */
    private List<JsonObject> awaitEventsOfTrace(String trace, String sdkPrefix) {
        java.util.function.Predicate<JsonObject> wanted = e -> e.getJsonObject("sdk").getString("name").startsWith(sdkPrefix)
                && e.getJsonObject("contexts").containsKey("trace")
                && trace.equals(e.getJsonObject("contexts").getJsonObject("trace").getString("trace_id"));
        assertThat(sentry.await(r -> r.events().stream().anyMatch(wanted), SPANS))
                .as("events: %s; rejections: %s", sentry.events(), sentry.rejections()).isTrue();
        return sentry.events().stream().filter(wanted).toList();
    }

    @Test
    @Order(3)
    void unmatchedRequestIsNamedAfterTheApplicationPath() throws Exception {
        JsonObject request = contract.requestSpan(http, server.baseUri(), STREAM + "/api/nothing/here", 404);
        ShopContract.assertErrorRequest(request, "GET /shop/api/*", 404);
        assertThat(attr(request, "http.route")).isNull();
    }

    /**
     * Requests alternately continue an incoming trace and start their own, on the server's pooled threads:
     * neither a current span nor a continued trace may survive into the next request on the same thread.
     */
    @Test
    @Order(4)
    void noSpanOrTraceLeaksIntoTheNextRequest() throws Exception {
        int requests = 24;
        Map<String, String[]> incoming = ShopContract.sendInSequence(http, server.baseUri(), requests,
                i -> STREAM + "/api/orders/" + (1000 + i), i -> i % 2 == 0, i -> STREAM + "/api/orders/" + (1000 + i) + "/invoice");
        assertThat(sentry.await(r -> requestSpans(r, STREAM).filter(s -> pathId(s) >= 1000).count() >= requests, SPANS))
                .as("request spans of all %d requests", requests).isTrue();
        List<JsonObject> spans = requestSpans(sentry, STREAM).filter(s -> pathId(s) >= 1000).toList();

        Map<String, Integer> threads = contract.assertEachASegmentOfItsOwnTrace(spans, incoming);
        // Each request's children sit in the request's own trace, under its span.
        for (JsonObject span : spans) {
            List<JsonObject> trace = received.spansOfTrace(span.getString("trace_id"));
            assertThat(trace).extracting(s -> s.getString("name"))
                    .containsExactlyInAnyOrder("GET /shop/api/orders/{id}", "OrderService.describe", "SELECT orders");
        }
        ShopContract.assertSomeThreadServedSeveral(serverName(), requests, threads);
    }

    // ------------------------------------------------------------------------------------------------ async work

    /** The work handed to other threads ({@code WorkResource}) and the spans each request's trace must hold. */
    static final Map<String, List<String>> WORK = work();

    private static Map<String, List<String>> work() {
        Map<String, List<String>> work = new LinkedHashMap<>();
        work.put("executor", List.of("Worker.step"));
        work.put("chain", List.of("Worker.step", "Worker.polish"));
        work.put("common", List.of("Worker.step"));
        work.put("scheduled", List.of("Worker.step"));
        work.put("context", List.of("Worker.step"));
        work.put("definedcontext", List.of("Worker.step"));
        work.put("definedexecutor", List.of("Worker.step"));
        work.put("asynchronous", List.of("Worker.step"));
        work.put("definedasynchronous", List.of("Worker.step"));
        List<String> twoCalls = List.of("http.client", "http.client", "GET /shop/api/orders/{id}", "GET /shop/api/orders/{id}",
                "OrderService.describe", "OrderService.describe", "SELECT orders", "SELECT orders");
        work.put("client", twoCalls);
        work.put("definedclient", twoCalls);
        work.put("restclient", List.of("http.client", "GET /shop/api/orders/{id}", "OrderService.describe", "SELECT orders"));
        work.put("ejb", List.of("Worker.step"));
        return work;
    }

    /**
     * Every way of handing work to another thread, three rounds interleaved on the server's pools (a
     * {@code CompletionStage} resource, then managed-executor tasks and async client calls, as in the Open Liberty
     * bug): each request's trace holds exactly its own spans, each parented within it, and no task starts a trace
     * of its own or joins another request's.
     */
    @Test
    @Order(6)
    void workOnOtherThreadsJoinsTheRequestsTraceAndNoOther() throws Exception {
        Map<String, String> caseOfPath = new LinkedHashMap<>();
        int spansBefore = sentry.spans().size();
        long id = 2000;
        for (int round = 0; round < 3; round++) {
            for (String kind : WORK.keySet()) {
                String path = STREAM + "/api/work/" + kind + "/" + id++;
                HttpResponse<String> response = get(path, Map.of());
                assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
                caseOfPath.put(path, kind);
            }
        }
        int expected = caseOfPath.values().stream().mapToInt(kind -> 1 + WORK.get(kind).size()).sum();
        // Wait for everything sent; a case whose work did not join shows up below, by name.
        sentry.await(r -> r.spans().size() >= spansBefore + expected, SPANS);

        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : caseOfPath.entrySet()) {
            JsonObject request = received.awaitRequest(entry.getKey());
            List<JsonObject> trace = received.spansOfTrace(request.getString("trace_id"));
            Set<String> ids = trace.stream().map(s -> s.getString("span_id")).collect(Collectors.toSet());
            List<String> wrong = new ArrayList<>();
            List<String> others = trace.stream().filter(s -> s != request).map(AbstractServerIT::kindOf).sorted().toList();
            if (!others.equals(WORK.get(entry.getValue()).stream().sorted().toList())) {
                wrong.add(entry.getKey() + " holds " + others);
            }
            for (JsonObject span : trace) {
                if (span != request && !ids.contains(span.getString("parent_span_id"))) {
                    wrong.add(span.getString("name") + " parented outside the trace");
                }
                boolean direct = span.getString("name").startsWith("Worker.") || "http.client".equals(attr(span, "sentry.op"));
                if (direct && !request.getString("span_id").equals(span.getString("parent_span_id"))) {
                    wrong.add(span.getString("name") + " not a child of the request span");
                }
            }
            if (!wrong.isEmpty()) {
                problems.computeIfAbsent(entry.getValue(), k -> new ArrayList<>()).addAll(wrong);
            }
        }
        List<String> foreign = foreignSpans(caseOfPath.keySet());
        List<String> ownRoots = sentry.spans().stream().filter(s -> s.getBoolean("is_segment"))
                .filter(s -> !"http.server".equals(attr(s, "sentry.op")))
                .map(s -> s.getString("name") + " on " + attr(s, "thread.name")).toList();
        Set<String> joined = new java.util.TreeSet<>(WORK.keySet());
        joined.removeAll(problems.keySet());
        System.out.printf("[%s] work joined its request's trace: %s; did not: %s; roots of their own: %s; foreign: %s%n",
                serverName(), joined, problems, ownRoots, foreign);
        assertThat(foreign).as("spans in another request's trace").isEmpty();
        assertThat(problems.keySet()).as("cases whose work did not join exactly its request's trace: %s", problems)
                .containsExactlyInAnyOrderElementsOf(workNotJoining());
        if (workNotJoining().isEmpty()) {
            assertThat(ownRoots).as("no task started a trace of its own").isEmpty();
        }
    }

    /**
     * Spans of one work request that sit in another work request's trace: a worker span whose {@code work.id}, or a
     * client or callee span whose URL, names another request's id than the request span of its trace.
     */
    private List<String> foreignSpans(Set<String> workPaths) {
        Map<String, String> idOfTrace = new HashMap<>();
        for (JsonObject span : sentry.spans()) {
            String path = String.valueOf(attr(span, "url.path"));
            if (workPaths.contains(path)) {
                idOfTrace.put(span.getString("trace_id"), path.substring(path.lastIndexOf('/') + 1));
            }
        }
        List<String> foreign = new ArrayList<>();
        for (JsonObject span : sentry.spans()) {
            String owner = idOfTrace.get(span.getString("trace_id"));
            String url = String.valueOf(attr(span, "url.full") != null ? attr(span, "url.full") : attr(span, "url.path"));
            String id = attr(span, "work.id") != null ? String.valueOf(attr(span, "work.id"))
                    : url.matches(".*/orders/2\\d{3}$") ? url.substring(url.lastIndexOf('/') + 1) : null;
            if (owner != null && id != null && !owner.equals(id)) {
                foreign.add(span.getString("name") + " of request " + id + " in the trace of request " + owner);
            }
        }
        return foreign;
    }

    /**
     * Cases of {@link #WORK} known not to join on this server (pinned: a fix makes the test fail, then remove the
     * entry). None by default.
     */
    Set<String> workNotJoining() {
        return Set.of();
    }

    private static String kindOf(JsonObject span) {
        return "http.client".equals(attr(span, "sentry.op")) ? "http.client" : span.getString("name");
    }

    // ------------------------------------------------------------------------------------------------ static

    @Test
    @Order(5)
    void staticLifecycleSendsOneTransactionPerRequest() throws Exception {
        assertThat(get(STATIC + "/api/orders/8", Map.of()).statusCode()).isEqualTo(200);
        assertThat(get(STATIC + "/api/orders/9/invoice", Map.of()).statusCode()).isEqualTo(500);

        JsonObject ok = received.awaitTransaction(t -> "/shop-static/api/orders/8".equals(data(t, "url.path")));
        ShopContract.assertOrderTransaction(ok, "/shop-static/api/orders/{id}");

        JsonObject failed = received.awaitTransaction(t -> "/shop-static/api/orders/9/invoice".equals(data(t, "url.path")));
        assertThat(failed.getString("transaction")).isEqualTo("GET /shop-static/api/orders/{id}/invoice");
        assertThat(failed.getJsonObject("contexts").getJsonObject("trace").getString("status")).isEqualTo("internal_error");
        assertThat(data(failed, "http.response.status_code")).isEqualTo("500");
        JsonObject invoice = Received.byDescription(failed.getJsonArray("spans").getValuesAs(JsonObject.class), "render invoice");
        assertThat(invoice.getString("status")).isEqualTo("internal_error");

        // The static deployment never sends span envelopes, the stream one never sends transactions.
        assertThat(sentry.spans()).noneMatch(s -> String.valueOf(attr(s, "url.path")).startsWith(STATIC + "/"));
        assertThat(sentry.transactions()).noneMatch(t -> String.valueOf(data(t, "url.path")).startsWith(STREAM + "/"));
    }

    // ------------------------------------------------------------------------------------------------ shutdown

    /**
     * A span that ends after its segment waits in the span buffer (for the ten-minute flush interval): only the
     * graceful stop can deliver it, through the lifecycle bean's {@code @PreDestroy} / the extension's
     * {@code BeforeShutdown}.
     */
    @Test
    @Order(100)
    void gracefulStopFlushesBufferedSpans() throws Exception {
        ShopContract.DeferredAudit deferred = contract.deferAudit(http, server.baseUri(), STREAM + "/api/audits");
        int envelopesBefore = sentry.envelopes().size();
        assertThat(server.stop(STOP)).as("graceful stop within %s", STOP).isTrue();
        contract.assertDeliveredByTheStop(deferred);
        System.out.printf("[%s] after stop: %d more envelopes; client reports: %s%n", serverName(),
                sentry.envelopes().size() - envelopesBefore, sentry.clientReports());

        // Both deployments started the library at deployment, and it logged nothing else (but known issues).
        List<String> lines = server.logLines();
        assertThat(lines.stream().filter(line -> line.contains("sentry-jakarta started: lifecycle stream")).count())
                .isEqualTo(1);
        assertThat(lines.stream().filter(line -> line.contains("sentry-jakarta started: lifecycle static")).count())
                .isEqualTo(1);
        List<String> problems = ShopContract.libraryProblems(lines);
        System.out.printf("[%s] library warnings and errors in the log: %s%n", serverName(), problems);
        assertThat(problems).as("what the library logged besides 'started' (known issues pinned per server)")
                .containsExactlyInAnyOrderElementsOf(knownLibraryLogLines());
    }

    /**
     * Library log lines (other than "sentry-jakarta started") that this server is known to produce, one entry per
     * line, each starting at "sentry-jakarta". Pinned so that a fix (or a new problem) makes the test fail.
     */
    List<String> knownLibraryLogLines() {
        return List.of();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
        return http.get(server.baseUri(), path, headers);
    }

    static java.util.stream.Stream<JsonObject> requestSpans(SentryReceiver receiver, String contextRoot) {
        return receiver.spans().stream()
                .filter(s -> "http.server".equals(attr(s, "sentry.op")))
                .filter(s -> String.valueOf(attr(s, "url.path")).startsWith(contextRoot + "/api/orders/"));
    }

    /** The numeric id in /shop/api/orders/{id}, or -1. */
    static long pathId(JsonObject span) {
        String path = String.valueOf(attr(span, "url.path"));
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.chars().allMatch(Character::isDigit) && !last.isEmpty() ? Long.parseLong(last) : -1;
    }

    static List<String> args(String... values) {
        return new ArrayList<>(List.of(values));
    }

    static String describe(Map<String, String> properties) {
        return properties.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
