package io.github.sentryjakarta.internal.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.SpanStatus;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.span.SpanData;
import io.github.sentryjakarta.testreceiver.Envelope;
import io.github.sentryjakarta.testreceiver.Item;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class EnvelopeEncoderTest {

    private final SentryOptions options = TestTraces.options("https://publickey@o4501.ingest.example.com/42")
            .dist("b42").build();
    private final EnvelopeEncoder writer = new EnvelopeEncoder(options);

    @Test
    void spanEnvelopeParsesStrictlyAndItemLengthIsExactWithMultibyteNames() {
        String name = "Grüße aus Köln 🚀 名前 \"quoted\" \\ \n newline";
        TestTraces.Trace trace = TestTraces.trace(options, name, 2,
                (i, span) -> span.setName("子 span ü " + i).setAttribute("emoji", "😀".repeat(10)));

        List<EncodedEnvelope> envelopes = writer.spans(trace.dsc(), trace.spans(), List.of());

        assertThat(envelopes).hasSize(1);
        Envelope envelope = Envelope.parse(envelopes.get(0).bytes());
        assertThat(envelope.items()).hasSize(1);
        Item item = envelope.items().get(0);
        assertThat(item.header().getInt("length")).isEqualTo(item.payload().length);
        // the declared length is a byte count: multibyte characters make it larger than the character count
        String payload = new String(item.payload(), StandardCharsets.UTF_8);
        assertThat(item.payload().length).isGreaterThan(payload.length());
        assertThat(spans(item)).extracting(s -> s.getString("name"))
                .containsExactly("子 span ü 0", "子 span ü 1", name);
        assertThat(envelopes.get(0).spans()).isEqualTo(3);
    }

    @Test
    void spanItemHeaderNamesTypeCountAndContentType() {
        TestTraces.Trace trace = TestTraces.trace("GET /orders/{id}", 2);

        Item item = Envelope.parse(writer.spans(trace.dsc(), trace.spans(), List.of()).get(0).bytes()).items().get(0);

        assertThat(item.header().getString("type")).isEqualTo("span");
        assertThat(item.header().getInt("item_count")).isEqualTo(3);
        assertThat(item.header().getString("content_type")).isEqualTo("application/vnd.sentry.items.span.v2+json");
        assertThat(item.json().getInt("version")).isEqualTo(2);
    }

    @Test
    void envelopeHeaderCarriesSentAtTheFrozenDscAndTheSdk() {
        TestTraces.Trace trace = TestTraces.trace("GET /orders/{id}", 1);

        JsonObject header = Envelope.parse(writer.spans(trace.dsc(), trace.spans(), List.of()).get(0).bytes()).header();

        assertThat(OffsetDateTime.parse(header.getString("sent_at")).getOffset().getTotalSeconds()).isZero();
        assertThat(header.getJsonObject("trace").entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> ((jakarta.json.JsonString) e.getValue()).getString())))
                .isEqualTo(trace.dsc().entries());
        assertThat(header.getJsonObject("trace").getString("public_key")).isEqualTo("publickey");
        assertThat(header.getJsonObject("sdk").getString("name")).isEqualTo("sentry.java.jakarta");
        assertThat(header.getJsonObject("sdk").getString("version")).isEqualTo(SentryOptions.SDK_VERSION);
        assertThat(header.containsKey("event_id")).isFalse();
    }

    @Test
    void twentyFiveHundredSpansSplitIntoThreeItemsOfAtMostOneThousand() {
        TestTraces.Trace trace = TestTraces.trace("big", 2499);

        List<EncodedEnvelope> envelopes = writer.spans(trace.dsc(), trace.spans(), List.of());

        assertThat(envelopes).hasSize(1);
        Envelope envelope = Envelope.parse(envelopes.get(0).bytes());
        assertThat(envelope.items()).extracting(item -> item.header().getInt("item_count"))
                .containsExactly(1000, 1000, 500);
        assertThat(envelope.items()).extracting(item -> spans(item).size()).containsExactly(1000, 1000, 500);
        assertThat(envelopes.get(0).spans()).isEqualTo(2500);
    }

    @Test
    void spansBeyondTenMegabytesAreSplitAcrossEnvelopesWithoutLosingAny() {
        String big = "x".repeat(8000);
        TestTraces.Trace trace = TestTraces.trace(options, "huge", 1999, (i, span) -> {
            span.setAttribute("a", big);
            span.setAttribute("b", big);
        });

        List<EncodedEnvelope> envelopes = writer.spans(trace.dsc(), trace.spans(), List.of());

        assertThat(envelopes).hasSizeGreaterThan(1);
        assertThat(envelopes).allSatisfy(e -> assertThat(e.bytes().length).isLessThanOrEqualTo(EnvelopeEncoder.MAX_ENVELOPE_BYTES));
        assertThat(envelopes.stream().mapToInt(EncodedEnvelope::spans).sum()).isEqualTo(2000);
        long parsed = envelopes.stream().map(e -> Envelope.parse(e.bytes()))
                .flatMap(e -> e.items().stream()).mapToLong(item -> spans(item).size()).sum();
        assertThat(parsed).isEqualTo(2000);
        assertThat(envelopes).allSatisfy(e -> assertThat(Envelope.parse(e.bytes()).header().getJsonObject("trace")
                .getString("trace_id")).isEqualTo(trace.segment().traceId()));
    }

    @Test
    void spanCarriesIdsNameStatusTimesAndTypedAttributes() {
        TestTraces.Trace trace = TestTraces.trace(options, "GET /orders/{id}", 1, (i, span) -> {
            span.setAttribute("db.system", "postgresql");
            span.setAttribute("rows", 3L);
            span.setAttribute("ratio", 0.5);
            span.setAttribute("flag", true);
            span.setAttribute("tags", List.of("a", "b"));
            span.setStatus(SpanStatus.ERROR);
        });
        SpanData childData = trace.children().get(0);

        List<JsonObject> spans = spans(Envelope.parse(writer.spans(trace.dsc(), trace.spans(), List.of()).get(0).bytes())
                .items().get(0));
        JsonObject child = spans.get(0);
        JsonObject segment = spans.get(1);

        assertThat(child.getString("trace_id")).isEqualTo(trace.segment().traceId()).hasSize(32);
        assertThat(child.getString("span_id")).isEqualTo(childData.spanId()).hasSize(16);
        assertThat(child.getString("parent_span_id")).isEqualTo(trace.segment().spanId());
        assertThat(child.getString("name")).isEqualTo("child 0");
        assertThat(child.getString("status")).isEqualTo("error");
        assertThat(child.getBoolean("is_segment")).isFalse();
        assertThat(child.getJsonNumber("start_timestamp").bigDecimalValue())
                .isEqualByComparingTo(BigDecimal.valueOf(childData.startEpochNanos() / 1000, 6));
        assertThat(child.getJsonNumber("end_timestamp").bigDecimalValue())
                .isEqualByComparingTo(BigDecimal.valueOf(childData.endEpochNanos() / 1000, 6));
        JsonObject attributes = child.getJsonObject("attributes");
        assertAttribute(attributes, "db.system", "string", Json.createValue("postgresql"));
        assertAttribute(attributes, "rows", "integer", Json.createValue(3L));
        assertAttribute(attributes, "ratio", "double", Json.createValue(0.5));
        assertAttribute(attributes, "flag", "boolean", jakarta.json.JsonValue.TRUE);
        assertAttribute(attributes, "tags", "array", Json.createArrayBuilder().add("a").add("b").build());

        assertThat(segment.containsKey("parent_span_id")).isFalse();
        assertThat(segment.getBoolean("is_segment")).isTrue();
        assertThat(segment.getString("status")).isEqualTo("ok");
    }

    @Test
    void timestampsAreMicrosecondNumbersWithoutExponentOrFloatNoise() {
        TestTraces.Trace trace = TestTraces.trace("t", 0);

        String payload = new String(Envelope.parse(writer.spans(trace.dsc(), trace.spans(), List.of()).get(0).bytes())
                .items().get(0).payload(), StandardCharsets.UTF_8);

        long micros = trace.segment().startEpochNanos() / 1000;
        assertThat(payload).contains("\"start_timestamp\":" + micros / 1_000_000 + "." + String.format("%06d", micros % 1_000_000));
        assertThat(EnvelopeEncoder.seconds(1_795_547_024_171_734_999L).toString()).isEqualTo("1795547024.171734");
    }

    @Test
    void everySpanGetsTheAutomaticAttributesAndSegmentsGetTheirOwnToo() {
        TestTraces.Trace trace = TestTraces.trace("GET /orders/{id}", 1);

        List<JsonObject> spans = spans(Envelope.parse(writer.spans(trace.dsc(), trace.spans(), List.of()).get(0).bytes())
                .items().get(0));
        JsonObject child = spans.get(0).getJsonObject("attributes");
        JsonObject segment = spans.get(1).getJsonObject("attributes");

        for (JsonObject attributes : List.of(child, segment)) {
            assertAttribute(attributes, "sentry.origin", "string", Json.createValue("manual"));
            assertAttribute(attributes, "sentry.trace_lifecycle", "string", Json.createValue("stream"));
            assertAttribute(attributes, "thread.id", "integer", Json.createValue(Thread.currentThread().getId()));
            assertAttribute(attributes, "thread.name", "string", Json.createValue(Thread.currentThread().getName()));
            assertAttribute(attributes, "sentry.segment.id", "string", Json.createValue(trace.segment().spanId()));
            assertAttribute(attributes, "sentry.segment.name", "string", Json.createValue("GET /orders/{id}"));
            assertAttribute(attributes, "sentry.sdk.name", "string", Json.createValue("sentry.java.jakarta"));
            assertAttribute(attributes, "sentry.sdk.version", "string", Json.createValue(SentryOptions.SDK_VERSION));
            assertAttribute(attributes, "sentry.environment", "string", Json.createValue("staging"));
            assertAttribute(attributes, "sentry.release", "string", Json.createValue("demo@1.0.0"));
        }
        assertAttribute(child, "sentry.op", "string", Json.createValue("function"));
        assertAttribute(segment, "sentry.op", "string", Json.createValue("http.server"));
        assertAttribute(segment, "sentry.platform", "string", Json.createValue("java"));
        assertAttribute(segment, "sentry.segment.name.source", "string", Json.createValue("custom"));
        assertAttribute(segment, "process.runtime.name", "string", Json.createValue(System.getProperty("java.vm.name")));
        assertAttribute(segment, "process.runtime.version", "string", Json.createValue(System.getProperty("java.version")));
        assertAttribute(segment, "sentry.dist", "string", Json.createValue("b42"));
        assertAttribute(segment, "server.address", "string", Json.createValue("test-host"));
        assertThat(child).doesNotContainKeys("server.address", "sentry.platform", "sentry.segment.name.source", "process.runtime.name",
                "process.runtime.version", "sentry.dist");
    }

    @Test
    void attributesTheSpanAlreadyHasAreNotOverwrittenOrDuplicated() {
        TestTraces.Trace trace = TestTraces.trace(options, "seg", 1, (i, span) -> {
            span.setAttribute("sentry.origin", "auto.http.jakarta_rest.client");
            span.setAttribute("server.address", "orders.internal");
        });

        Item item = Envelope.parse(writer.spans(trace.dsc(), trace.spans(), List.of()).get(0).bytes()).items().get(0);
        JsonObject child = spans(item).get(0).getJsonObject("attributes");

        assertAttribute(child, "sentry.origin", "string", Json.createValue("auto.http.jakarta_rest.client"));
        assertAttribute(child, "server.address", "string", Json.createValue("orders.internal"));
        String payload = new String(item.payload(), StandardCharsets.UTF_8);
        assertThat(payload.split("\"server.address\"", -1)).hasSize(3); // once on the child, once on the segment
    }

    @Test
    void releaseAndDistAreLeftOutWhenNotSet() {
        SentryOptions bare = TestTraces.options("https://publickey@example.com/42").release(null).build();
        TestTraces.Trace trace = TestTraces.trace(bare, "seg", 0, (i, s) -> { });

        JsonObject segment = spans(Envelope.parse(new EnvelopeEncoder(bare).spans(trace.dsc(), trace.spans(), List.of())
                .get(0).bytes()).items().get(0)).get(0).getJsonObject("attributes");

        assertThat(segment).doesNotContainKeys("sentry.release", "sentry.dist");
    }

    @Test
    void nonFiniteDoublesAreWrittenAsStrings() {
        JsonBuffer out = new JsonBuffer(16);
        out.write((byte) '{');
        AttributeJson.writeTyped(out, "nan", Double.NaN);
        AttributeJson.writeTyped(out, "inf", Double.POSITIVE_INFINITY);
        out.write((byte) ',');
        out.string("plain");
        out.write((byte) ':');
        AttributeJson.writePlain(out, List.of(1.5, Double.NEGATIVE_INFINITY));
        out.write((byte) '}');
        out.set(1, (byte) ' '); // writeTyped leads with its separator

        assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("{ \"nan\":{\"type\":\"string\",\"value\":\"NaN\"},"
                + "\"inf\":{\"type\":\"string\",\"value\":\"Infinity\"},\"plain\":[1.5,\"-Infinity\"]}");
    }

    @Test
    void transactionEnvelopeHasTheEventFieldsOfTheStaticLifecycle() {
        TestTraces.Trace trace = TestTraces.trace(options, "GET /orders/{id}", 2,
                (i, span) -> span.setAttribute("rows", (long) i));

        EncodedEnvelope encoded = writer.transaction(trace.dsc(), trace.segment(), trace.children(), List.of());
        Envelope envelope = Envelope.parse(encoded.bytes());

        assertThat(encoded.spans()).isEqualTo(3);
        assertThat(encoded.transactions()).isEqualTo(1);
        String eventId = envelope.header().getString("event_id");
        assertThat(eventId).matches("[0-9a-f]{32}");
        assertThat(envelope.header().getJsonObject("trace").getString("trace_id")).isEqualTo(trace.segment().traceId());
        assertThat(envelope.header().getJsonObject("sdk").getString("name")).isEqualTo("sentry.java.jakarta");
        assertThat(envelope.header().getString("sent_at")).isNotEmpty();
        Item item = envelope.items().get(0);
        assertThat(item.header().getString("type")).isEqualTo("transaction");
        assertThat(item.header().getInt("length")).isEqualTo(item.payload().length);
        JsonObject event = item.json();
        assertThat(event.getString("event_id")).isEqualTo(eventId);
        assertThat(event.getString("type")).isEqualTo("transaction");
        assertThat(event.getString("transaction")).isEqualTo("GET /orders/{id}");
        assertThat(event.getJsonObject("transaction_info").getString("source")).isEqualTo("custom");
        assertThat(event.getJsonNumber("start_timestamp").bigDecimalValue())
                .isEqualByComparingTo(EnvelopeEncoder.seconds(trace.segment().startEpochNanos()));
        assertThat(event.getJsonNumber("timestamp").bigDecimalValue())
                .isEqualByComparingTo(EnvelopeEncoder.seconds(trace.segment().endEpochNanos()));
        assertThat(event.getString("platform")).isEqualTo("java");
        assertThat(event.getString("environment")).isEqualTo("staging");
        assertThat(event.getString("release")).isEqualTo("demo@1.0.0");
        assertThat(event.getString("dist")).isEqualTo("b42");
        assertThat(event.getString("server_name")).isEqualTo("test-host");
        assertThat(event.getJsonObject("sdk").getString("version")).isEqualTo(SentryOptions.SDK_VERSION);
        JsonObject context = event.getJsonObject("contexts").getJsonObject("trace");
        assertThat(context.getString("trace_id")).isEqualTo(trace.segment().traceId());
        assertThat(context.getString("span_id")).isEqualTo(trace.segment().spanId());
        assertThat(context.containsKey("parent_span_id")).isFalse();
        assertThat(context.getString("op")).isEqualTo("http.server");
        assertThat(context.getString("status")).isEqualTo("ok");
        assertThat(context.getString("origin")).isEqualTo("manual");
        assertThat(context.getJsonObject("data").getString("sentry.op")).isEqualTo("http.server");
        assertThat(context.getJsonObject("data").getJsonNumber("sentry.sample_rate").doubleValue()).isEqualTo(1.0);
        List<JsonObject> spans = event.getJsonArray("spans").getValuesAs(JsonObject.class);
        assertThat(spans).hasSize(2);
        JsonObject span = spans.get(1);
        assertThat(span.getString("trace_id")).isEqualTo(trace.segment().traceId());
        assertThat(span.getString("span_id")).isEqualTo(trace.children().get(1).spanId());
        assertThat(span.getString("parent_span_id")).isEqualTo(trace.segment().spanId());
        assertThat(span.getString("op")).isEqualTo("function");
        assertThat(span.getString("description")).isEqualTo("child 1");
        assertThat(span.getString("status")).isEqualTo("ok");
        assertThat(span.getString("origin")).isEqualTo("manual");
        assertThat(span.getJsonNumber("start_timestamp").bigDecimalValue())
                .isEqualByComparingTo(EnvelopeEncoder.seconds(trace.children().get(1).startEpochNanos()));
        assertThat(span.getJsonNumber("timestamp")).isNotNull();
        assertThat(span.getJsonObject("data").getJsonNumber("rows").longValue()).isEqualTo(1L);
    }

    @Test
    void clientReportRidesAlongAsItsOwnItem() {
        TestTraces.Trace trace = TestTraces.trace("seg", 0);
        List<ClientReports.Discard> report = List.of(
                new ClientReports.Discard(DiscardReason.QUEUE_OVERFLOW, DataCategory.SPAN, 7),
                new ClientReports.Discard(DiscardReason.RATELIMIT_BACKOFF, DataCategory.TRANSACTION, 2));

        EncodedEnvelope encoded = writer.spans(trace.dsc(), trace.spans(), report).get(0);
        Envelope envelope = Envelope.parse(encoded.bytes());

        assertThat(encoded.report()).isEqualTo(report);
        assertThat(envelope.items()).extracting(Item::type).containsExactlyInAnyOrder("client_report", "span");
        JsonObject payload = envelope.items().stream().filter(i -> i.type().equals("client_report")).findFirst()
                .orElseThrow().json();
        assertThat(payload.getJsonNumber("timestamp").bigDecimalValue().longValue())
                .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
        assertThat(payload.getJsonArray("discarded_events").getValuesAs(JsonObject.class))
                .extracting(e -> e.getString("reason") + "/" + e.getString("category") + "/" + e.getInt("quantity"))
                .containsExactly("queue_overflow/span/7", "ratelimit_backoff/transaction/2");
    }

    @Test
    void clientReportAloneIsAValidEnvelopeWithoutTrace() {
        Envelope envelope = Envelope.parse(EnvelopeEncoder.clientReport(
                List.of(new ClientReports.Discard(DiscardReason.SAMPLE_RATE, DataCategory.SPAN, 3))).bytes());

        assertThat(envelope.header().containsKey("trace")).isFalse();
        assertThat(envelope.items()).extracting(Item::type).containsExactly("client_report");
        assertThat(envelope.items().get(0).header().getInt("length")).isEqualTo(envelope.items().get(0).payload().length);
    }

    @Property(tries = 2000)
    void handWrittenJsonIsByteForByteWhatJsonPWrites(@ForAll("text") String text, @ForAll long integer,
            @ForAll double number) {
        StringWriter expected = new StringWriter();
        try (JsonGenerator g = JsonProvider.provider().createGenerator(expected)) {
            g.writeStartArray().write(text).write(integer);
            if (Double.isFinite(number)) {
                g.write(number);
            }
            g.writeEnd();
        }
        JsonBuffer actual = new JsonBuffer(1);
        actual.write((byte) '[');
        actual.string(text);
        actual.write((byte) ',');
        actual.number(integer);
        if (Double.isFinite(number)) {
            actual.write((byte) ',');
            actual.number(number);
        }
        actual.write((byte) ']');

        // JSON-P writes chars; its UTF-8 encoder turns a lone surrogate into '?', as String.getBytes does
        assertThat(actual.toByteArray()).isEqualTo(expected.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(40),
                Arbitraries.strings().withChars('"', '\\', '\n', '\u0001', '\u007f', 'a', '\u00fc', '\u540d', '\ud83d', '\ude80')
                        .ofMaxLength(40));
    }

    @Property(tries = 2000)
    void timestampsAreWrittenAsSecondsWithSixDecimals(@ForAll long epochNanos) {
        JsonBuffer out = new JsonBuffer(1);
        out.seconds(epochNanos);

        assertThat(new String(out.toByteArray(), StandardCharsets.US_ASCII))
                .isEqualTo(EnvelopeEncoder.seconds(epochNanos).toString());
    }

    @Test
    void timestampEdgeCases() {
        for (long nanos : new long[] {0, 999, 1000, -1, -1000, -1001, 1_000_000_000L, -1_000_000_000L, Long.MAX_VALUE,
                Long.MIN_VALUE}) {
            timestampsAreWrittenAsSecondsWithSixDecimals(nanos);
        }
    }

    @Test
    void theSpanBufferIsReusedAcrossCallsWithoutLeakingSpansIntoTheNextEnvelope() {
        TestTraces.Trace big = TestTraces.trace("big", 1500);
        TestTraces.Trace small = TestTraces.trace("small", 1);

        writer.spans(big.dsc(), big.spans(), List.of());
        List<EncodedEnvelope> envelopes = writer.spans(small.dsc(), small.spans(), List.of());

        assertThat(envelopes).hasSize(1);
        assertThat(spans(Envelope.parse(envelopes.get(0).bytes()).items().get(0)))
                .extracting(s -> s.getString("name")).containsExactly("child 0", "small");
    }

    private static List<JsonObject> spans(Item item) {
        return item.json().getJsonArray("items").getValuesAs(JsonObject.class);
    }

    private static void assertAttribute(JsonObject attributes, String key, String type, jakarta.json.JsonValue value) {
        assertThat(attributes.getJsonObject(key)).as(key).isNotNull();
        assertThat(attributes.getJsonObject(key).getString("type")).as(key + " type").isEqualTo(type);
        jakarta.json.JsonValue actual = attributes.getJsonObject(key).get("value");
        if (value instanceof JsonNumber expected) {
            assertThat(((JsonNumber) actual).bigDecimalValue()).as(key).isEqualByComparingTo(expected.bigDecimalValue());
        } else {
            assertThat(actual).as(key).isEqualTo(value);
        }
    }
}
