package io.github.sentryjakarta.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.example.ReceivedTraces.Node;
import io.github.sentryjakarta.example.ReceivedTraces.Trace;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the demo's flow in-process (real HTTP, Weld SE, Jersey, the stand-in Sentry) in both lifecycles and
 * checks the traces it received: names, ops, statuses and the parent/child links across CDI beans, the
 * hand-made span and the HTTP call to the pricing service.
 */
class DemoTest {

    @ParameterizedTest
    @ValueSource(strings = {"stream", "static"})
    void theDemoSendsTheExpectedTraceTrees(String lifecycle) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Demo.Result result;
        System.setProperty("sentry.trace-lifecycle", lifecycle);
        try {
            result = Demo.run(null, new PrintStream(log, true, StandardCharsets.UTF_8));
        } finally {
            System.clearProperty("sentry.trace-lifecycle");
        }
        ReceivedTraces received = result.received();
        String printed = received.render();
        System.out.println(log.toString(StandardCharsets.UTF_8) + printed);

        assertThat(result.local()).isTrue();
        assertThat(result.lifecycle()).isEqualTo(lifecycle);
        assertThat(result.requests()).extracting(Demo.Request::status).containsExactly(200, 200, 404, 500);
        assertThat(received.rejections()).isEmpty();
        assertThat(received.drops()).isEmpty();
        if (lifecycle.equals("stream")) {
            assertThat(received.transactions()).isZero();
            assertThat(received.spanItems()).isPositive();
        } else {
            // one transaction per local root: four requests plus the pricing service's request
            assertThat(received.transactions()).isEqualTo(5);
            assertThat(received.spanItems()).isZero();
        }

        // One trace per incoming request: the pricing call continues its caller's trace.
        assertThat(received.traces()).hasSize(4);
        assertThat(received.traces()).allSatisfy(trace -> {
            assertThat(trace.roots()).as("roots of %s", trace.traceId()).hasSize(1);
            assertThat(trace.roots().get(0).parentSpanId()).isNull();
            assertThat(trace.spans()).allSatisfy(span -> assertThat(span.traceId()).isEqualTo(trace.traceId()));
        });

        // GET /orders/1: server span > OrderService.find > SELECT orders [db]
        Trace plain = received.traces().get(0);
        Node server = plain.roots().get(0);
        assertSpan(server, "GET /orders/{id}", "http.server", "ok");
        assertThat(server.httpStatus()).isEqualTo(200);
        Node find = onlyChild(server);
        assertSpan(find, "OrderService.find", "function", "ok");
        assertThat(find.parentSpanId()).isEqualTo(server.spanId());
        Node select = onlyChild(find);
        assertSpan(select, "SELECT orders", "db", "ok");
        assertThat(select.parentSpanId()).isEqualTo(find.spanId());
        assertThat(select.children()).isEmpty();

        // GET /orders/2/price: ... > price order > client span > the pricing service's server span
        Trace priced = received.traces().get(1);
        Node priceServer = priced.roots().get(0);
        assertSpan(priceServer, "GET /orders/{id}/price", "http.server", "ok");
        assertThat(priceServer.children()).extracting(Node::name)
                .containsExactly("OrderService.find", "check stock", "price order");
        assertSpan(child(priceServer, "check stock"), "check stock", "db", "ok");
        assertThat(onlyChild(child(priceServer, "OrderService.find")).op()).isEqualTo("db");
        Node manual = child(priceServer, "price order");
        assertThat(manual.parentSpanId()).isEqualTo(priceServer.spanId());
        Node client = onlyChild(manual);
        assertThat(client.name()).matches("GET http://localhost:\\d+/pricing/laptop");
        assertThat(client.op()).isEqualTo("http.client");
        assertThat(client.status()).isEqualTo("ok");
        assertThat(client.httpStatus()).isEqualTo(200);
        assertThat(client.parentSpanId()).isEqualTo(manual.spanId());
        Node pricing = onlyChild(client);
        assertSpan(pricing, "GET /pricing/{sku}", "http.server", "ok");
        assertThat(pricing.traceId()).isEqualTo(priceServer.traceId());
        assertThat(pricing.parentSpanId()).isEqualTo(client.spanId());
        if (lifecycle.equals("static")) {
            assertThat(priced.envelopes()).as("one transaction per service's request").isEqualTo(2);
        } else {
            // the pricing segment ends first and flushes the trace's bucket; the rest usually follows separately
            assertThat(priced.envelopes()).isBetween(1, 2);
        }

        // GET /orders/99: 404, the request span is an error, the lookup itself went fine
        Node notFound = received.traces().get(2).roots().get(0);
        assertSpan(notFound, "GET /orders/{id}", "http.server", "error");
        assertThat(notFound.httpStatus()).isEqualTo(404);
        assertThat(notFound.flatten()).extracting(Node::status).containsExactly("error", "ok", "ok");

        // GET /orders/13: the query throws, every span on the way up is an error
        Node failed = received.traces().get(3).roots().get(0);
        assertThat(failed.httpStatus()).isEqualTo(500);
        assertThat(failed.flatten()).extracting(Node::name)
                .containsExactly("GET /orders/{id}", "OrderService.find", "SELECT orders");
        assertThat(failed.flatten()).extracting(Node::status).containsOnly("error");
        // ... and it is one error event, linked to the span where it was thrown
        Node failedQuery = failed.flatten().get(2);
        assertThat(received.errors()).singleElement().satisfies(error -> {
            assertThat(error.traceId()).isEqualTo(failedQuery.traceId());
            assertThat(error.spanId()).isEqualTo(failedQuery.spanId());
            assertThat(error.exception()).startsWith("IllegalStateException: deadlock detected");
        });

        assertThat(received.spanCount()).isEqualTo(16);

        // What the demo prints
        assertThat(printed).contains("\n  GET /orders/{id}/price  [http.server]  ok 200  ")
                .containsPattern("\n {8}GET /pricing/\\{sku}  \\[http.server]  ok 200  \\d+\\.\\d ms\n")
                .containsPattern("\n {6}SELECT orders  \\[db]  error  \\d+\\.\\d ms\n")
                .containsPattern("\n4 traces, 16 spans, [56] envelopes \\([45] "
                        + (lifecycle.equals("stream") ? "span items" : "transactions")
                        + ", 1 error event\\), no client-report drops\n")
                .containsPattern("\n  error event: IllegalStateException: .+  \\(span [0-9a-f]{16}\\)\n");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("sentry.trace-lifecycle=" + lifecycle);
    }

    private static void assertSpan(Node span, String name, String op, String status) {
        assertThat(span.name()).isEqualTo(name);
        assertThat(span.op()).as("op of %s", name).isEqualTo(op);
        assertThat(span.status()).as("status of %s", name).isEqualTo(status);
        assertThat(span.endSeconds()).as("end of %s", name).isGreaterThanOrEqualTo(span.startSeconds());
    }

    private static Node onlyChild(Node span) {
        assertThat(span.children()).as("children of %s", span.name()).hasSize(1);
        return span.children().get(0);
    }

    private static Node child(Node span, String name) {
        Predicate<Node> named = child -> child.name().equals(name);
        List<Node> found = span.children().stream().filter(named).toList();
        assertThat(found).as("children of %s named %s", span.name(), name).hasSize(1);
        return found.get(0);
    }
}
