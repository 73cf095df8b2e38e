package io.github.sentryjakarta.it.harness;

import static io.github.sentryjakarta.testreceiver.SpanJson.attr;
import static io.github.sentryjakarta.testreceiver.SpanJson.data;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * The scenarios of the shop ({@code it-tests/src/shop}) that every runtime must pass the same way, the servers
 * ({@code AbstractServerIT}) and Quarkus ({@code QuarkusIT}) alike: the trace of an order request, its transaction in
 * the static lifecycle, requests that must not leak into each other, and the deferred audit span that only a graceful
 * stop delivers. What differs per runtime (context root, extra routes, pinned known issues) stays with the caller.
 */
public final class ShopContract {

    private final Received received;

    public ShopContract(Received received) {
        this.received = received;
    }

    /**
     * The trace of a successful {@code GET …/orders/{id}} that started no trace of its own: {@code request} is a
     * segment named {@code GET <route>} with all the request attributes, {@code OrderService.describe} is its child
     * and {@code SELECT orders} the grandchild, and the trace holds nothing else.
     *
     * @return the {@code OrderService.describe} span
     */
    public JsonObject assertOrderTrace(JsonObject request, String route, int port) {
        assertThat(request.getString("name")).isEqualTo("GET " + route);
        assertThat(request.getBoolean("is_segment")).isTrue();
        assertThat(request.containsKey("parent_span_id")).as("a new trace: no parent").isFalse();
        assertThat(request.getString("status")).isEqualTo("ok");
        assertThat(attr(request, "sentry.op")).isEqualTo("http.server");
        assertThat(attr(request, "sentry.origin")).isEqualTo("auto.http.jakarta_rest.server");
        assertThat(attr(request, "sentry.segment.name.source")).isEqualTo("route");
        assertThat(attr(request, "http.route")).isEqualTo(route);
        assertThat(attr(request, "http.request.method")).isEqualTo("GET");
        assertThat(attr(request, "http.response.status_code")).isEqualTo("200");
        assertThat(attr(request, "url.scheme")).isEqualTo("http");
        assertThat(attr(request, "server.address")).isEqualTo("127.0.0.1");
        assertThat(attr(request, "server.port")).isEqualTo(String.valueOf(port));

        String trace = request.getString("trace_id");
        JsonObject describe = received.awaitSpan(span -> trace.equals(span.getString("trace_id"))
                && "OrderService.describe".equals(span.getString("name")));
        JsonObject select = received.awaitSpan(span -> trace.equals(span.getString("trace_id"))
                && "SELECT orders".equals(span.getString("name")));
        assertThat(describe.getString("parent_span_id")).isEqualTo(request.getString("span_id"));
        assertThat(describe.getBoolean("is_segment")).isFalse();
        assertThat(attr(describe, "sentry.op")).isEqualTo("function");
        assertThat(attr(describe, "sentry.origin")).isEqualTo("auto.function.jakarta_cdi");
        assertThat(select.getString("parent_span_id")).isEqualTo(describe.getString("span_id"));
        assertThat(attr(select, "sentry.op")).isEqualTo("db");
        assertThat(List.of(describe.getString("status"), select.getString("status"))).containsOnly("ok");
        assertThat(received.spansOfTrace(trace)).as("exactly the three spans of the request").hasSize(3);
        return describe;
    }

    /**
     * The static lifecycle's transaction of a successful {@code GET …/orders/{id}}: named {@code GET <route>} (source
     * {@code route}), its root {@code http.server}, {@code ok}, without parent, status code 200, and exactly
     * {@code OrderService.describe} (child of the root) and {@code SELECT orders} (its child) as spans.
     */
    public static void assertOrderTransaction(JsonObject transaction, String route) {
        assertThat(transaction.getString("transaction")).isEqualTo("GET " + route);
        assertThat(transaction.getJsonObject("transaction_info").getString("source")).isEqualTo("route");
        JsonObject root = transaction.getJsonObject("contexts").getJsonObject("trace");
        assertThat(root.getString("op")).isEqualTo("http.server");
        assertThat(root.getString("status")).isEqualTo("ok");
        assertThat(root.containsKey("parent_span_id")).isFalse();
        assertThat(data(transaction, "http.response.status_code")).isEqualTo("200");
        List<JsonObject> children = transaction.getJsonArray("spans").getValuesAs(JsonObject.class);
        JsonObject describe = Received.byDescription(children, "OrderService.describe");
        JsonObject select = Received.byDescription(children, "SELECT orders");
        assertThat(children).hasSize(2);
        assertThat(describe.getString("parent_span_id")).isEqualTo(root.getString("span_id"));
        assertThat(describe.getString("op")).isEqualTo("function");
        assertThat(select.getString("parent_span_id")).isEqualTo(describe.getString("span_id"));
        assertThat(select.getString("op")).isEqualTo("db");
    }

    /** Sends {@code GET base + path}, requires the answer {@code status}, and waits for the request's span. */
    public JsonObject requestSpan(Http http, URI base, String path, int status) throws IOException, InterruptedException {
        assertThat(http.get(base, path, Map.of()).statusCode()).as("GET %s", path).isEqualTo(status);
        return received.awaitRequest(path);
    }

    /**
     * A request span that ended as an error: named {@code name}, {@code error}, with {@code statusCode} as its
     * {@code http.response.status_code}.
     */
    public static void assertErrorRequest(JsonObject request, String name, int statusCode) {
        assertThat(request.getString("name")).isEqualTo(name);
        assertThat(request.getString("status")).isEqualTo("error");
        assertThat(attr(request, "http.response.status_code")).isEqualTo(String.valueOf(statusCode));
    }

    /**
     * The trace of a {@code GET …/orders/{id}/invoice}, whose {@code @SentrySpan} method throws an exception no
     * mapper handles: {@code request} is an error named {@code GET <route>} with status code 500, and the "render
     * invoice" span is its child, an error too, with the exception's {@code error.type}.
     *
     * @return the "render invoice" span
     */
    public JsonObject assertFailedInvoiceTrace(JsonObject request, String route) {
        assertErrorRequest(request, "GET " + route, 500);
        JsonObject invoice = received.awaitSpan(span -> request.getString("trace_id").equals(span.getString("trace_id"))
                && "render invoice".equals(span.getString("name")));
        assertThat(invoice.getString("parent_span_id")).isEqualTo(request.getString("span_id"));
        assertThat(invoice.getString("status")).isEqualTo("error");
        assertThat(attr(invoice, "error.type")).isEqualTo("java.lang.IllegalStateException");
        assertThat(attr(invoice, "sentry.op")).isEqualTo("template");
        return invoice;
    }

    // ------------------------------------------------------------------------------------------------ no leaks

    /**
     * Sends {@code requests} order requests one after the other ({@code pathOf(i)}), those where
     * {@code continues(i)} holds with an incoming {@code sentry-trace}, and in the middle one request that fails
     * ({@code failingPathOf(i)}, answered 500).
     *
     * @return url.path → {trace id, parent span id} of the requests that continued an incoming trace
     */
    public static Map<String, String[]> sendInSequence(Http http, URI base, int requests, IntFunction<String> pathOf,
            IntPredicate continues, IntFunction<String> failingPathOf) throws IOException, InterruptedException {
        Map<String, String[]> incoming = new HashMap<>();
        for (int i = 0; i < requests; i++) {
            String path = pathOf.apply(i);
            Map<String, String> headers = new HashMap<>();
            if (continues.test(i)) {
                String traceId = Received.hex(32);
                String spanId = Received.hex(16);
                headers.put("sentry-trace", traceId + "-" + spanId + "-1");
                incoming.put(base.resolve(path).getPath(), new String[] {traceId, spanId});
            }
            assertThat(http.get(base, path, headers).statusCode()).isEqualTo(200);
            if (i == requests / 2) { // an error in the middle, through the interceptor
                assertThat(http.get(base, failingPathOf.apply(i), Map.of()).statusCode()).isEqualTo(500);
            }
        }
        return incoming;
    }

    /**
     * Every request span is a segment in a trace of its own: the incoming trace and parent where the request
     * continued one ({@code incoming}, as returned by {@link #sendInSequence}), no parent otherwise; then waits for
     * the three spans of each of those traces.
     *
     * @return how many of the request spans each thread served
     */
    public Map<String, Integer> assertEachASegmentOfItsOwnTrace(List<JsonObject> spans, Map<String, String[]> incoming) {
        Set<String> traces = new HashSet<>();
        Map<String, Integer> threads = new HashMap<>();
        for (JsonObject span : spans) {
            String path = attr(span, "url.path");
            assertThat(span.getBoolean("is_segment")).as("%s is a segment", path).isTrue();
            String[] continued = incoming.get(path);
            if (continued != null) {
                assertThat(span.getString("trace_id")).as("%s continues its incoming trace", path).isEqualTo(continued[0]);
                assertThat(span.getString("parent_span_id")).as("%s parent", path).isEqualTo(continued[1]);
            } else {
                assertThat(span.containsKey("parent_span_id")).as("%s starts a new trace: no parent", path).isFalse();
            }
            assertThat(traces.add(span.getString("trace_id"))).as("%s has a trace of its own", path).isTrue();
            threads.merge(String.valueOf(attr(span, "thread.name")), 1, Integer::sum);
        }
        assertThat(received.receiver().await(r -> r.spans().stream()
                .filter(s -> traces.contains(s.getString("trace_id"))).count() >= 3L * spans.size(), Received.SPANS))
                .isTrue();
        return threads;
    }

    /** Prints which threads served the requests and requires that one served several, so that a leak would show. */
    public static void assertSomeThreadServedSeveral(String runtime, int requests, Map<String, Integer> threads) {
        System.out.printf("[%s] %d requests served by %d threads: %s%n", runtime, requests, threads.size(), threads);
        assertThat(threads.values()).as("some thread served several requests, so a leak would show")
                .anyMatch(count -> count > 1);
    }

    // ------------------------------------------------------------------------------------------------ shutdown

    /** The deferred audit span started by {@code POST audits}: the POST's request span and the deferred span's id. */
    public record DeferredAudit(JsonObject post, String spanId) {
    }

    /**
     * {@code POST <auditsPath>} starts the "deferred audit" span in the POST's trace, {@code DELETE} (another
     * request, a trace of its own) ends it after its segment ended: it must then wait in the span buffer, not sent
     * with the DELETE's trace.
     */
    public DeferredAudit deferAudit(Http http, URI base, String auditsPath) throws IOException, InterruptedException {
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(base.resolve(auditsPath))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(started.statusCode()).isEqualTo(200);
        String[] deferred = started.body().trim().split(" ");
        JsonObject post = received.awaitSpan(span -> auditsPath.equals(attr(span, "url.path"))
                && "POST".equals(attr(span, "http.request.method")));
        assertThat(deferred[0]).as("the deferred span is in the POST's trace").isEqualTo(post.getString("trace_id"));

        HttpResponse<String> finished = http.send(HttpRequest.newBuilder(base.resolve(auditsPath)).DELETE());
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(finished.body().trim()).isEqualTo(started.body().trim());
        JsonObject delete = received.awaitSpan(span -> auditsPath.equals(attr(span, "url.path"))
                && "DELETE".equals(attr(span, "http.request.method")));
        assertThat(delete.getString("trace_id")).as("ending another trace's span does not join it")
                .isNotEqualTo(post.getString("trace_id"));
        assertThat(delete.containsKey("parent_span_id")).isFalse();
        // The DELETE's own trace was sent after the deferred span ended, yet that span is still buffered.
        assertThat(received.findSpan(s -> deferred[1].equals(s.getString("span_id")))).as("deferred span before stop")
                .isEmpty();
        return new DeferredAudit(post, deferred[1]);
    }

    /**
     * After the graceful stop: the deferred span arrived, a child of the POST's request span, and the receiver
     * rejected or refused nothing the application sent.
     */
    public void assertDeliveredByTheStop(DeferredAudit deferred) {
        JsonObject audit = received.awaitSpan(span -> deferred.spanId().equals(span.getString("span_id")));
        assertThat(audit.getString("name")).isEqualTo("deferred audit");
        assertThat(audit.getString("trace_id")).isEqualTo(deferred.post().getString("trace_id"));
        assertThat(audit.getString("parent_span_id")).isEqualTo(deferred.post().getString("span_id"));
        assertThat(audit.getBoolean("is_segment")).isFalse();
        assertThat(attr(audit, "sentry.op")).isEqualTo("audit");
        assertThat(received.receiver().rejections()).as("everything the application sent is valid for Sentry").isEmpty();
        assertThat(received.receiver().refusedEnvelopes()).isEmpty();
    }

    /**
     * Lines where the library speaks in an application's log, other than "sentry-jakarta started", each from
     * "sentry-jakarta" (or "Sentry JAX-RS") on.
     */
    public static List<String> libraryProblems(List<String> lines) {
        return lines.stream()
                .filter(line -> line.contains("sentry-jakarta") || line.contains("Sentry JAX-RS"))
                .filter(line -> !line.contains("sentry-jakarta started: "))
                .filter(line -> !line.contains("sentry-jakarta-it-quarkus")) // Quarkus's own start/stop lines name the app
                .map(line -> line.replaceFirst(".*?(sentry-jakarta|Sentry JAX-RS)", "$1").trim())
                .toList();
    }
}
