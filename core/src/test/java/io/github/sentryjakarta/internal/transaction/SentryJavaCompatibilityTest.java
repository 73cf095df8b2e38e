package io.github.sentryjakarta.internal.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.testreceiver.Item;
import io.sentry.JsonSerializer;
import io.sentry.SpanContext;
import io.sentry.protocol.SentrySpan;
import io.sentry.protocol.SentryTransaction;
import io.sentry.protocol.TransactionNameSource;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The transaction event as Sentry's own Java SDK understands it: the payload the receiver got, deserialized
 * into {@code io.sentry.protocol.SentryTransaction} (test scope only), keeps every field we send.
 */
class SentryJavaCompatibilityTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String REMOTE_PARENT = "b7ad6b7169203331";

    private static SentryTransaction parse(Item item) {
        String json = new String(item.payload(), StandardCharsets.UTF_8);
        io.sentry.SentryOptions options = new io.sentry.SentryOptions();
        options.setDebug(true);
        options.setLogger(new io.sentry.SystemOutLogger());
        SentryTransaction transaction = new JsonSerializer(options).deserialize(new StringReader(json),
                SentryTransaction.class);
        assertThat(transaction).as("io.sentry could not deserialize %s", json).isNotNull();
        return transaction;
    }

    private static JsonObject reserialized(SentryTransaction transaction) {
        StringWriter out = new StringWriter();
        try {
            new JsonSerializer(new io.sentry.SentryOptions()).serialize(transaction, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (JsonReader reader = Json.createReader(new StringReader(out.toString()))) {
            return reader.readObject();
        }
    }

    /** @return a started {@code GET} server segment with the request attributes the JAX-RS filter records */
    private static Span serverRequest(StaticPipeline p, String name, String scheme, String host, long port,
            String path) {
        Span segment = p.runtime.spanBuilder(name).op("http.server").start();
        segment.setAttribute("http.request.method", "GET").setAttribute("url.scheme", scheme)
                .setAttribute("server.address", host).setAttribute("server.port", port).setAttribute("url.path", path);
        return segment;
    }

    /** Ends the segment, waits for its transaction and returns it as Sentry's Java SDK reads it. */
    private static SentryTransaction sentAndReadBack(StaticPipeline p, Span segment) {
        segment.end();
        p.flushAndAwaitTransactions(1);
        return parse(onlyTransactionItem(p));
    }

    private static Item onlyTransactionItem(StaticPipeline p) {
        return p.transactionEnvelopes().stream().flatMap(e -> e.items().stream())
                .filter(i -> i.type().equals("transaction")).findFirst().orElseThrow();
    }

    @Test
    void sentryJavaReadsTheTransactionAndEveryFieldSurvives() {
        try (StaticPipeline p = new StaticPipeline(b -> b)) {
            StaticPipeline.OrderLookup lookup = p.recordOrderLookup(TRACE_ID, REMOTE_PARENT,
                    db -> db.setStatus(io.github.sentryjakarta.SpanStatus.ERROR));
            p.flushAndAwaitTransactions(1);

            Item item = onlyTransactionItem(p);
            JsonObject raw = item.json();
            SentryTransaction transaction = parse(item);

            assertThat(transaction.getTransaction()).isEqualTo("GET /orders/{id}");
            assertThat(transaction.getType()).isEqualTo("transaction");
            // No getter for transaction_info: serialize it back with io.sentry and read the source there.
            assertThat(reserialized(transaction).getJsonObject("transaction_info").getString("source"))
                    .isEqualTo(TransactionNameSource.ROUTE.apiName());
            assertThat(transaction.getEventId()).hasToString(raw.getString("event_id"));
            assertThat(transaction.getPlatform()).isEqualTo("java");
            assertThat(transaction.getEnvironment()).isEqualTo("staging");
            assertThat(transaction.getRelease()).isEqualTo("demo@1.0.0");
            assertThat(transaction.getSdk()).isNotNull();
            assertThat(transaction.getSdk().getName()).isEqualTo("sentry.java.jakarta");
            assertThat(transaction.getStartTimestamp())
                    .isCloseTo(raw.getJsonNumber("start_timestamp").doubleValue(), within(1e-6));
            assertThat(transaction.getTimestamp())
                    .isCloseTo(raw.getJsonNumber("timestamp").doubleValue(), within(1e-6));
            assertThat(transaction.getTimestamp()).isGreaterThanOrEqualTo(transaction.getStartTimestamp());

            SpanContext trace = transaction.getContexts().getTrace();
            assertThat(trace).isNotNull();
            assertThat(trace.getTraceId()).hasToString(TRACE_ID);
            assertThat(trace.getSpanId()).hasToString(lookup.segment().spanId());
            assertThat(trace.getParentSpanId()).hasToString(REMOTE_PARENT);
            assertThat(trace.getOperation()).isEqualTo("http.server");
            assertThat(trace.getStatus()).isEqualTo(io.sentry.SpanStatus.OK);
            assertThat(trace.getOrigin()).isEqualTo("manual");
            assertThat(trace.getData()).containsEntry("http.request.method", "GET");
            assertThat(((Number) trace.getData().get("http.response.status_code")).longValue()).isEqualTo(200);

            Map<String, SentrySpan> spans = transaction.getSpans().stream()
                    .collect(Collectors.toMap(SentrySpan::getDescription, s -> s));
            assertThat(spans).containsOnlyKeys("OrderService.find", "SELECT orders");
            SentrySpan findSpan = spans.get("OrderService.find");
            SentrySpan dbSpan = spans.get("SELECT orders");
            assertThat(findSpan.getTraceId()).hasToString(TRACE_ID);
            assertThat(findSpan.getSpanId()).hasToString(lookup.find().spanId());
            assertThat(findSpan.getParentSpanId()).hasToString(lookup.segment().spanId());
            assertThat(findSpan.getOp()).isEqualTo("function");
            assertThat(findSpan.getStatus()).isEqualTo(io.sentry.SpanStatus.OK);
            assertThat(dbSpan.getSpanId()).hasToString(lookup.db().spanId());
            assertThat(dbSpan.getParentSpanId()).hasToString(lookup.find().spanId());
            assertThat(dbSpan.getOp()).isEqualTo("db");
            assertThat(dbSpan.getStatus()).isEqualTo(io.sentry.SpanStatus.INTERNAL_ERROR);
            assertThat(dbSpan.getOrigin()).isEqualTo("manual");
            assertThat(dbSpan.getTimestamp()).isGreaterThanOrEqualTo(dbSpan.getStartTimestamp());
            assertThat(dbSpan.getStartTimestamp()).isGreaterThanOrEqualTo(transaction.getStartTimestamp());
            Map<String, Object> data = dbSpan.getData();
            assertThat(data).containsEntry("db.system", "postgresql").containsEntry("flag", true)
                    .containsEntry("tags", List.of("a", "b"));
            assertThat(((Number) data.get("rows")).longValue()).isEqualTo(3);
            assertThat(((Number) data.get("ratio")).doubleValue()).isEqualTo(0.5);
        }
    }

    /** {@code Traces.startSpan} without an op is legal here, but {@code op} is required by Sentry's span model. */
    @Test
    void spansWithoutOpAreStillReadable() {
        try (StaticPipeline p = new StaticPipeline(b -> b)) {
            try (Span segment = p.runtime.startSpan("no op segment")) {
                p.runtime.startSpan("no op child").end();
                segment.setAttribute("k", "v");
            }
            p.flushAndAwaitTransactions(1);
            SentryTransaction transaction = parse(onlyTransactionItem(p));
            assertThat(transaction.getTransaction()).isEqualTo("no op segment");
            assertThat(transaction.getSpans()).singleElement()
                    .satisfies(s -> {
                        assertThat(s.getDescription()).isEqualTo("no op child");
                        assertThat(s.getOp()).isEqualTo("default");
                    });
        }
    }

    /** What Sentry's ingestion derives {@code http.method} / {@code http.status_code} tags from, and the finer status. */
    @Test
    void sentryJavaReadsTheRequestTheResponseStatusAndTheMappedStatus() {
        try (StaticPipeline p = new StaticPipeline(b -> b)) {
            Span segment = serverRequest(p, "GET /orders/*", "http", "shop.example", 8080, "/orders/7");
            segment.setAttribute("http.response.status_code", 404L).setAttribute("sentry.status.message", "not_found");
            segment.setStatus(io.github.sentryjakarta.SpanStatus.ERROR);

            SentryTransaction transaction = sentAndReadBack(p, segment);
            assertThat(transaction.getRequest()).isNotNull();
            assertThat(transaction.getRequest().getMethod()).isEqualTo("GET");
            assertThat(transaction.getRequest().getUrl()).isEqualTo("http://shop.example:8080/orders/7");
            assertThat(transaction.getRequest().getQueryString()).as("only with send-default-pii").isNull();
            assertThat(transaction.getContexts().getResponse()).isNotNull();
            assertThat(transaction.getContexts().getResponse().getStatusCode()).isEqualTo(404);
            assertThat(transaction.getContexts().getTrace().getStatus()).isEqualTo(io.sentry.SpanStatus.NOT_FOUND);
        }
    }

    @Test
    void theQueryStringIsSentOnlyWhenTheFilterRecordedIt() {
        try (StaticPipeline p = new StaticPipeline(b -> b)) {
            Span segment = serverRequest(p, "GET /search", "https", "shop.example", 443, "/search");
            segment.setAttribute("url.query", "q=shoes").setAttribute("http.response.status_code", 200L);

            SentryTransaction transaction = sentAndReadBack(p, segment);
            assertThat(transaction.getRequest().getUrl()).isEqualTo("https://shop.example/search");
            assertThat(transaction.getRequest().getQueryString()).isEqualTo("q=shoes");
            assertThat(transaction.getContexts().getTrace().getStatus()).isEqualTo(io.sentry.SpanStatus.OK);
        }
    }
}
