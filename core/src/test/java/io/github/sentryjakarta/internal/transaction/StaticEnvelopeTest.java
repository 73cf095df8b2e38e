package io.github.sentryjakarta.internal.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.testreceiver.Behavior;
import io.github.sentryjakarta.testreceiver.Envelope;
import io.github.sentryjakarta.testreceiver.Item;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The static lifecycle end to end: real transport, real (strict) receiver.
 */
class StaticEnvelopeTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String REMOTE_PARENT = "00f067aa0ba902b7";

    @Test
    void transactionEnvelopeCarriesTheFieldsOfTheSpec() {
        try (StaticPipeline p = new StaticPipeline(b -> b)) {
            StaticPipeline.OrderLookup lookup = p.recordOrderLookup(TRACE_ID, REMOTE_PARENT,
                    db -> db.recordException(new IllegalStateException("boom")));

            p.flushAndAwaitTransactions(1);
            assertThat(p.sentry.rejections()).isEmpty();
            List<Envelope> envelopes = p.transactionEnvelopes();
            assertThat(envelopes).hasSize(1);
            Envelope envelope = envelopes.get(0);

            // Envelope header: event_id, sent_at, trace (DSC), sdk.
            JsonObject header = envelope.header();
            assertThat(header.getString("event_id")).matches("[0-9a-f]{32}");
            assertThat(OffsetDateTime.parse(header.getString("sent_at")).getOffset().getTotalSeconds()).isZero();
            JsonObject trace = header.getJsonObject("trace");
            assertThat(trace.getString("trace_id")).isEqualTo(TRACE_ID);
            assertThat(trace.getString("public_key")).isEqualTo(SentryReceiver.DEFAULT_PUBLIC_KEY);
            assertThat(trace.getString("environment")).isEqualTo("staging");
            assertThat(trace.getString("release")).isEqualTo("demo@1.0.0");
            assertThat(trace.getString("transaction")).isEqualTo("GET /orders/{id}");
            assertThat(trace.getString("sampled")).isEqualTo("true");
            assertThat(trace.getString("sample_rand")).matches("0\\.\\d{6}");
            assertThat(header.getJsonObject("sdk").getString("name")).isEqualTo(SentryOptions.SDK_NAME);
            assertThat(header.getJsonObject("sdk").getString("version")).isEqualTo(SentryOptions.SDK_VERSION);

            Item item = envelope.items().stream().filter(i -> i.type().equals("transaction")).findFirst().orElseThrow();
            assertThat(item.header().getInt("length")).isEqualTo(item.payload().length);
            assertThat(new String(item.payload(), StandardCharsets.UTF_8)).doesNotContain("\n");

            JsonObject event = item.json();
            assertThat(event.getString("event_id")).isEqualTo(header.getString("event_id"));
            assertThat(event.getString("type")).isEqualTo("transaction");
            assertThat(event.getString("transaction")).isEqualTo("GET /orders/{id}");
            assertThat(event.getJsonObject("transaction_info").getString("source")).isEqualTo("route");
            assertThat(event.getString("platform")).isEqualTo("java");
            assertThat(event.getString("environment")).isEqualTo("staging");
            assertThat(event.getString("release")).isEqualTo("demo@1.0.0");
            assertThat(event.getJsonObject("sdk").getString("name")).isEqualTo(SentryOptions.SDK_NAME);
            BigDecimal start = seconds(event, "start_timestamp");
            BigDecimal end = seconds(event, "timestamp");
            assertThat(start).isLessThanOrEqualTo(end);

            JsonObject context = event.getJsonObject("contexts").getJsonObject("trace");
            assertThat(context.getString("trace_id")).isEqualTo(TRACE_ID);
            assertThat(context.getString("span_id")).isEqualTo(lookup.segment().spanId());
            assertThat(context.getString("parent_span_id")).isEqualTo(REMOTE_PARENT);
            assertThat(context.getString("op")).isEqualTo("http.server");
            assertThat(context.getString("status")).isEqualTo("ok");
            assertThat(context.getString("origin")).isEqualTo("manual");
            JsonObject segmentData = context.getJsonObject("data");
            assertThat(segmentData.getString("http.request.method")).isEqualTo("GET");
            assertThat(segmentData.getJsonNumber("http.response.status_code").longValueExact()).isEqualTo(200);

            JsonArray spans = event.getJsonArray("spans");
            assertThat(spans).hasSize(2);
            Map<String, JsonObject> byName = spans.getValuesAs(JsonObject.class).stream()
                    .collect(Collectors.toMap(s -> s.getString("description"), s -> s));
            JsonObject findJson = byName.get("OrderService.find");
            JsonObject dbJson = byName.get("SELECT orders");
            assertThat(findJson.getString("span_id")).isEqualTo(lookup.find().spanId());
            assertThat(findJson.getString("parent_span_id")).isEqualTo(lookup.segment().spanId());
            assertThat(findJson.getString("op")).isEqualTo("function");
            assertThat(findJson.getString("status")).isEqualTo("ok");
            assertThat(dbJson.getString("trace_id")).isEqualTo(TRACE_ID);
            assertThat(dbJson.getString("span_id")).isEqualTo(lookup.db().spanId());
            assertThat(dbJson.getString("parent_span_id")).isEqualTo(lookup.find().spanId());
            assertThat(dbJson.getString("op")).isEqualTo("db");
            // Sentry's transaction status vocabulary has no "error": the writer maps it to "internal_error".
            assertThat(dbJson.getString("status")).isEqualTo("internal_error");
            assertThat(dbJson.getString("origin")).isEqualTo("manual");
            JsonObject data = dbJson.getJsonObject("data");
            assertThat(data.getString("db.system")).isEqualTo("postgresql");
            assertThat(data.getJsonNumber("rows").longValueExact()).isEqualTo(3);
            assertThat(data.getJsonNumber("ratio").doubleValue()).isEqualTo(0.5);
            assertThat(data.get("flag")).isEqualTo(JsonValue.TRUE);
            assertThat(data.getJsonArray("tags").getValuesAs(jakarta.json.JsonString.class))
                    .extracting(jakarta.json.JsonString::getString).containsExactly("a", "b");
            assertThat(data.getString("error.type")).isEqualTo(IllegalStateException.class.getName());
            for (JsonObject span : List.of(findJson, dbJson)) {
                BigDecimal spanStart = seconds(span, "start_timestamp");
                BigDecimal spanEnd = seconds(span, "timestamp");
                assertThat(spanStart).isBetween(start, spanEnd);
                assertThat(spanEnd).isLessThanOrEqualTo(end);
            }
        }
    }

    @Test
    void overflowAndUnfinishedChildrenReachTheClientReportExactlyOnce() {
        try (StaticPipeline p = new StaticPipeline(b -> b.maxSpans(2))) {
            Span segment = p.runtime.startSpan("segment");
            Span unfinished = p.runtime.spanBuilder("unfinished").active(false).start();
            for (int i = 0; i < 5; i++) {
                p.runtime.startSpan("child " + i).end();
            }
            segment.end();
            p.flushAndAwaitTransactions(1);
            assertThat(p.sentry.await(r -> r.discarded("buffer_overflow", "span") >= 4, StaticPipeline.TIMEOUT)).isTrue();
            assertThat(p.sentry.discarded("buffer_overflow", "span")).isEqualTo(3 + 1);
            assertThat(p.sentry.transactions()).singleElement()
                    .satisfies(t -> assertThat(t.getJsonArray("spans")).hasSize(2));

            // Ending late: it was counted with its segment; it is neither sent nor counted again.
            unfinished.end();
            p.runtime.spanBuilder("another segment").noParent().start().end();
            p.flushAndAwaitTransactions(2);
            assertThat(p.sentry.discarded("buffer_overflow", "span")).isEqualTo(4);
            assertThat(p.sentry.spans()).isEmpty();
            assertThat(p.assembler.openSegments()).isZero();
            assertThat(p.sentry.rejections()).isEmpty();
        }
    }

    @Test
    void rateLimitedTransactionIsCountedWithItsSpans() {
        try (StaticPipeline p = new StaticPipeline(b -> b)) {
            p.sentry.respondOnce(Behavior.status(200, Map.of("X-Sentry-Rate-Limits", "60:transaction:organization")));
            try (Span first = p.runtime.startSpan("first")) {
                p.runtime.startSpan("first child").end();
                first.setAttribute("n", 1L);
            }
            p.flushAndAwaitTransactions(1);

            try (Span second = p.runtime.spanBuilder("second").noParent().start()) {
                p.runtime.startSpan("second child 1").end();
                p.runtime.startSpan("second child 2").end();
                second.setAttribute("n", 2L);
            }
            assertThat(p.runtime.flush(StaticPipeline.TIMEOUT)).isTrue();
            assertThat(p.sentry.await(r -> r.discarded("ratelimit_backoff", "transaction") >= 1, StaticPipeline.TIMEOUT))
                    .isTrue();
            assertThat(p.sentry.discarded("ratelimit_backoff", "transaction")).isEqualTo(1);
            assertThat(p.sentry.discarded("ratelimit_backoff", "span")).isEqualTo(3);
            assertThat(p.sentry.transactions()).hasSize(1);
        }
    }

    /**
     * The decision for the static lifecycle: a transaction item is governed by the {@code transaction}
     * category, as in Sentry's other SDKs; a {@code span}-only limit (meant for span streaming) does not drop
     * it: its spans are not items of their own, and Relay enforces span quota on transactions server-side.
     */
    @Test
    void spanOnlyRateLimitDoesNotDropTransactions() {
        try (StaticPipeline p = new StaticPipeline(b -> b)) {
            p.sentry.respondOnce(Behavior.status(200, Map.of("X-Sentry-Rate-Limits", "60:span:organization")));
            p.runtime.startSpan("first").end();
            p.flushAndAwaitTransactions(1);
            try (Span second = p.runtime.spanBuilder("second").noParent().start()) {
                p.runtime.startSpan("second child").end();
                second.setAttribute("n", 2L);
            }
            p.flushAndAwaitTransactions(2);
            assertThat(p.sentry.discarded("ratelimit_backoff", "transaction")).isZero();
            assertThat(p.sentry.discarded("ratelimit_backoff", "span")).isZero();
        }
    }

    @Test
    void spansArrivingAfterCloseAreCountedInTheLastReport() {
        StaticPipeline p = new StaticPipeline(b -> b);
        try {
            Span segment = p.runtime.startSpan("segment");
            p.runtime.startSpan("held").end();
            p.assembler.close(StaticPipeline.TIMEOUT);
            assertThat(p.sentry.await(r -> r.discarded("queue_overflow", "span") >= 1, StaticPipeline.TIMEOUT)).isTrue();
            assertThat(p.sentry.discarded("queue_overflow", "span")).isEqualTo(1);
            segment.end();
            assertThat(p.reports.total(io.github.sentryjakarta.internal.outcome.DiscardReason.QUEUE_OVERFLOW,
                    io.github.sentryjakarta.internal.outcome.DataCategory.TRANSACTION)).isEqualTo(1);
            assertThat(p.sentry.transactions()).isEmpty();
        } finally {
            p.close();
        }
    }

    private static BigDecimal seconds(JsonObject object, String key) {
        JsonNumber number = object.getJsonNumber(key);
        assertThat(number).as(key).isNotNull();
        BigDecimal value = number.bigDecimalValue();
        assertThat(value.scale()).as(key + " has at most microsecond precision").isLessThanOrEqualTo(6);
        assertThat(value).as(key).isGreaterThan(BigDecimal.valueOf(1_600_000_000L));
        return value;
    }
}
