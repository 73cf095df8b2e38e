package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.testing.InMemorySpanProcessor;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.propagation.Baggage;
import io.github.sentryjakarta.internal.sampling.Sampler;
import io.github.sentryjakarta.internal.span.SpanData;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Input an attacker or a careless caller controls, at the sizes and shapes that break parsers: trace headers of
 * 8-64 KB, control characters, 1000 members, duplicates, malformed hex, all-zero ids; attribute values that are
 * null, huge, nested or of types the protocol has no place for; samplers that throw or answer nonsense. Nothing
 * throws into the application, what is kept stays within the documented bounds, and nothing hostile is echoed
 * into the headers we send downstream. (Well-formed and random headers: {@link PropagationPropertiesTest}.)
 */
class HostileInputPropertiesTest {

    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    private final InMemorySpanProcessor processor = new InMemorySpanProcessor();
    private final SentryRuntime runtime = processor.runtime(
            SentryOptions.builder().tracesSampleRate(1.0).propagateTraceparent(true));

    @Provide
    Arbitrary<String> traceHeaders() {
        Arbitrary<String> hex32 = IncomingHeaders.hex(32);
        Arbitrary<String> hex16 = IncomingHeaders.hex(16);
        Arbitrary<String> badHex = Arbitraries.strings().withChars("0123456789abcdefgxyzABCDEF-+ ").ofLength(32);
        Arbitrary<String> control = Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(5);
        return Arbitraries.oneOf(
                Arbitraries.just(ZERO_TRACE + "-" + ZERO_SPAN + "-1"),
                hex16.map(s -> ZERO_TRACE + "-" + s + "-1"),
                hex32.map(t -> t + "-" + ZERO_SPAN + "-1"),
                Arbitraries.just("00-" + ZERO_TRACE + "-" + ZERO_SPAN + "-01"),
                hex16.map(s -> "00-" + ZERO_TRACE + "-" + s + "-01"),
                net.jqwik.api.Combinators.combine(badHex, hex16).as((t, s) -> t + "-" + s + "-1"),
                net.jqwik.api.Combinators.combine(hex32, hex16, control).as((t, s, c) -> t + "-" + s + c + "-1"),
                net.jqwik.api.Combinators.combine(hex32, hex16).as((t, s) -> t + "-" + s + "-1\r\nX-Injected: yes"),
                net.jqwik.api.Combinators.combine(hex32, hex16).as((t, s) -> "ff-" + t + "-" + s + "-01-extra"),
                net.jqwik.api.Combinators.combine(hex32, hex16).as((t, s) -> (t + "-" + s + "-1,").repeat(20)),
                Arbitraries.integers().between(8, 64).map(kb -> "a".repeat(kb * 1024)),
                Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMinLength(8192).ofMaxLength(65536),
                Arbitraries.just(null));
    }

    @Provide
    Arbitrary<String> hostileBaggage() {
        Arbitrary<String> control = Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(3);
        return Arbitraries.oneOf(
                Arbitraries.integers().between(1, 1000).map(n -> "sentry-trace_id=" + "ab".repeat(16) + ",k=v".repeat(n)),
                Arbitraries.just(String.join(",", java.util.Collections.nCopies(1000, "sentry-sample_rate=0.5"))),
                Arbitraries.just("sentry-trace_id=" + "1".repeat(32) + ",sentry-trace_id=" + "2".repeat(32)
                        + ",sentry-sample_rand=0.1,sentry-sample_rand=0.9,sentry-sampled=true,sentry-sampled=false"),
                control.map(c -> "sentry-environment=prod" + c + ",sentry-release=" + c + "x"),
                Arbitraries.just("sentry-release=%0D%0AX-Injected:%20yes,sentry-sample_rand=NaN,sentry-sample_rate=-1"),
                Arbitraries.strings().withCharRange('\u0080', '\uffff').ofMinLength(100).ofMaxLength(9000)
                        .map(v -> "sentry-environment=" + v),
                Arbitraries.integers().between(8, 64).map(kb -> "sentry-release=" + "r".repeat(kb * 1024)),
                Arbitraries.just(null));
    }

    @Property(tries = 300)
    void hostileTraceHeadersNeverThrowNeverContinueAZeroIdAndNeverEchoControlCharacters(
            @ForAll("traceHeaders") String sentryTrace, @ForAll("hostileBaggage") String baggage,
            @ForAll("traceHeaders") String traceparent) {
        IncomingHeaders.serve(runtime, sentryTrace, baggage, traceparent, span -> {
            assertThat(span.traceId()).matches("[0-9a-f]{32}").isNotEqualTo(ZERO_TRACE);
            assertThat(span.spanId()).matches("[0-9a-f]{16}").isNotEqualTo(ZERO_SPAN);
            Map<String, String> out = runtime.propagationHeaders();
            assertThat(out.get("sentry-trace")).matches("[0-9a-f]{32}-[0-9a-f]{16}(-[01])?");
            assertThat(out.get("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
            assertThat(out.get("baggage").length()).isLessThanOrEqualTo(Baggage.MAX_LENGTH);
            assertThat(out.values()).allSatisfy(value -> assertThat(value.chars())
                    .as("only visible ASCII goes into outgoing headers").allMatch(c -> c >= 0x20 && c < 0x7f));
        });
    }

    @Provide
    Arbitrary<Object> attributeValues() {
        Arbitrary<Object> scalars = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(50).map(s -> s),
                Arbitraries.longs().map(l -> l), Arbitraries.doubles().map(d -> d),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0).map(d -> d),
                Arbitraries.of(true, false).map(b -> b));
        return Arbitraries.oneOf(scalars,
                Arbitraries.just(null),
                Arbitraries.integers().between(8_000, 100_000).map(n -> (Object) "x".repeat(n)),
                scalars.list().ofMaxSize(2000).map(l -> (Object) l),
                scalars.list().ofMaxSize(5).map(l -> (Object) List.of(l, List.of(l))),
                scalars.list().ofMaxSize(5).map(l -> { List<Object> withNull = new ArrayList<>(l); withNull.add(null); return withNull; }),
                Arbitraries.just(Map.of("nested", Map.of("deeper", 1))),
                Arbitraries.just(new Object()),
                Arbitraries.just(new byte[] {1, 2, 3}),
                Arbitraries.just(Thread.currentThread()),
                Arbitraries.just(new StringBuilder("builder")),
                Arbitraries.just(java.time.Instant.EPOCH),
                Arbitraries.just(Arrays.asList("a", 1L, 2.5, true)));
    }

    @Provide
    Arbitrary<String> attributeKeys() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40), Arbitraries.just(""),
                Arbitraries.just(null), Arbitraries.integers().between(9000, 70_000).map("k"::repeat));
    }

    @Property(tries = 300)
    void anyAttributeKeyAndValueIsKeptBoundedOrDroppedWithoutThrowing(
            @ForAll("attributeKeys") String key, @ForAll("attributeValues") Object value,
            @ForAll("attributeValues") Object other) {
        processor.spans().clear();
        try (Span span = runtime.startSpan("attributes")) {
            Map<String, Object> many = new HashMap<>();
            for (int i = 0; i < 300; i++) {
                many.put("k" + i, i % 2 == 0 ? value : other);
            }
            many.put(key == null ? "null-key" : key, value);
            span.setAttributes(many);
            if (value instanceof String text) {
                span.setAttribute(key, text);
            } else if (value instanceof List<?> list) {
                span.setAttribute(key, list);
            }
            span.setAttribute(key, (String) null);
            span.setAttributes(null);
            span.setAttribute(key, (List<?>) null);
            span.setName(value == null ? null : String.valueOf(value));
        } finally {
            runtime.clearThread();
        }
        SpanData data = processor.spans().get(0);
        Map<String, Object> kept = data.attributes().toMap();
        assertThat(kept.size()).isLessThanOrEqualTo(Span.MAX_ATTRIBUTES);
        assertThat(data.name().length()).isLessThanOrEqualTo(Span.MAX_STRING_LENGTH);
        kept.forEach((k, v) -> {
            assertThat(k).isNotNull();
            assertThat(v).isNotNull();
            if (v instanceof String text) {
                assertThat(text.length()).isLessThanOrEqualTo(Span.MAX_STRING_LENGTH);
            }
        });
    }

    @Provide
    Arbitrary<Double> nonsenseRates() {
        return Arbitraries.of(Double.NaN, -1.0, 2.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.5);
    }

    @Property(tries = 30)
    void aSamplerAnsweringOutOfRangeWithoutAConfiguredRateIsNotReportedAsThrowing(@ForAll("nonsenseRates") double rate) {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(Sampler.class.getName());
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                warnings.add(record.getMessage() + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        SentryRuntime sampled = new InMemorySpanProcessor().runtime(SentryOptions.builder().tracesSampler(context -> rate));
        try (Span span = sampled.startSpan("nonsense")) {
            if (!(rate > 0 && rate <= 1)) {
                assertThat(span.isSampled()).as("an answer outside [0, 1] with no rate configured samples nothing")
                        .isFalse();
            }
        } finally {
            sampled.clearThread();
            log.removeHandler(handler);
        }
        assertThat(warnings).as("a sampler that answered did not throw").isEmpty();
    }

    @Property(tries = 50)
    void aSamplerThatThrowsOrAnswersNonsenseNeverThrowsIntoTheRequest(@ForAll boolean throwing,
            @ForAll("nonsenseRates") double rate) {
        SentryRuntime sampled = new InMemorySpanProcessor().runtime(SentryOptions.builder().tracesSampler(context -> {
            if (throwing) {
                throw new IllegalStateException("user bug");
            }
            return rate;
        }));
        try (Span span = sampled.startSpan("sampled by a broken sampler")) {
            span.setAttribute("k", "v");
            assertThat(span.traceId()).matches("[0-9a-f]{32}");
            if (!throwing && (Double.isNaN(rate) || rate <= 0.0)) {
                assertThat(span.isSampled()).isFalse();
            }
        } finally {
            sampled.clearThread();
        }
    }
}
