package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.testing.InMemorySpanProcessor;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.propagation.Baggage;
import io.github.sentryjakarta.internal.propagation.Dsc;
import io.github.sentryjakarta.internal.propagation.SentryTraceHeader;
import io.github.sentryjakarta.internal.propagation.TraceParent;
import io.github.sentryjakarta.internal.span.SpanImpl;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.Span;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * Whatever a caller sends, continuing a trace yields either that trace or a new one, never an exception;
 * and what we emit parses back to the same context.
 */
class PropagationPropertiesTest {

    private final SentryRuntime runtime = new InMemorySpanProcessor().runtime(SentryOptions.builder().tracesSampleRate(1.0));

    @Provide
    Arbitrary<String> headerValues() {
        Arbitrary<String> hex32 = IncomingHeaders.hex(32);
        Arbitrary<String> hex16 = IncomingHeaders.hex(16);
        Arbitrary<String> wellFormed = net.jqwik.api.Combinators.combine(hex32, hex16, Arbitraries.of("", "-1", "-0", "-2", "-"))
                .as((t, s, f) -> t + "-" + s + f);
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> huge = Arbitraries.strings().all().ofMinLength(9000).ofMaxLength(20000);
        Arbitrary<String> nonAscii = Arbitraries.strings().withCharRange('\u0080', '\uffff').ofMaxLength(200);
        return Arbitraries.oneOf(wellFormed, any, huge, nonAscii, wellFormed.map(v -> "  " + v + "\t"),
                wellFormed.map(String::toUpperCase), Arbitraries.just(null));
    }

    @Provide
    Arbitrary<String> baggageValues() {
        Arbitrary<String> member = Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMaxLength(10).map(k -> "sentry-" + k + "=%E4%B8%AD"),
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.just("sentry-sample_rand=%ZZ"),
                Arbitraries.just("sentry-sample_rate=2"),
                Arbitraries.just("sentry-org_id=7"),
                Arbitraries.just("vendor=a;prop=1"));
        return Arbitraries.oneOf(member.list().ofMaxSize(300).map(l -> String.join(",", l)),
                Arbitraries.strings().all().ofMaxLength(20000), Arbitraries.just(null));
    }

    @Property(tries = 500)
    void anyIncomingHeadersContinueTheirTraceOrStartANewOneWithoutThrowing(
            @ForAll("headerValues") String sentryTrace, @ForAll("baggageValues") String baggage,
            @ForAll("headerValues") String traceparent) {
        IncomingHeaders.serve(runtime, sentryTrace, baggage, traceparent, span -> {
            assertThat(span.traceId()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
            SentryTraceHeader parsed = SentryTraceHeader.parse(sentryTrace);
            SentryTraceHeader fromTraceparent = sentryTrace == null ? TraceParent.parse(traceparent) : null;
            SentryTraceHeader incoming = parsed != null ? parsed : fromTraceparent;
            if (incoming != null && !baggageHasOtherOrg(baggage)) {
                assertThat(span.traceId()).isEqualTo(incoming.traceId());
            }
            Map<String, String> out = runtime.propagationHeaders();
            assertThat(out.get("sentry-trace")).startsWith(span.traceId() + "-" + span.spanId());
            assertThat(out.get("baggage").length()).isLessThanOrEqualTo(Baggage.MAX_LENGTH);
        });
    }

    private static boolean baggageHasOtherOrg(String baggage) {
        return baggage != null && Baggage.parse(baggage).sentry().containsKey("org_id");
    }

    @Property(tries = 300)
    void emittedHeadersParseBackToTheSameContext(@ForAll boolean sampled, @ForAll @StringLength(max = 30) String segmentName,
            @ForAll @StringLength(max = 30) String vendorValue) {
        String vendorMember = "vendor=" + vendorValue.replaceAll("[^a-z0-9]", "");
        SentryRuntime emitter = new InMemorySpanProcessor().runtime(SentryOptions.builder().tracesSampleRate(sampled ? 1.0 : 0.0)
                .release("r 1.0+ü").propagateTraceparent(true));
        emitter.continueTrace(name -> name.equals("baggage") ? vendorMember : null);
        try (Span span = emitter.startSpan(segmentName)) {
            Map<String, String> headers = emitter.propagationHeaders();
            SentryTraceHeader sentryTrace = SentryTraceHeader.parse(headers.get("sentry-trace"));
            assertThat(sentryTrace).isEqualTo(new SentryTraceHeader(span.traceId(), span.spanId(), sampled));
            assertThat(TraceParent.parse(headers.get("traceparent"))).isEqualTo(sentryTrace);
            Baggage.Parsed baggage = Baggage.parse(headers.get("baggage"));
            Dsc dsc = emitter.currentSpan().map(s -> ((SpanImpl) s).trace().frozenDsc()).orElseThrow();
            assertThat(baggage.sentry()).isEqualTo(dsc.entries());
            assertThat(baggage.sentry()).containsEntry("release", "r 1.0+ü").containsEntry("sampled", String.valueOf(sampled));
            if (!vendorMember.equals("vendor=")) {
                assertThat(baggage.thirdParty()).isEqualTo(vendorMember);
            }

            runtime.continueTrace(headers::get);
            try (Span downstream = runtime.startSpan("downstream")) {
                assertThat(downstream.traceId()).isEqualTo(span.traceId());
                assertThat(downstream.isSampled()).isEqualTo(sampled);
                assertThat(runtime.propagationHeaders().get("baggage")).isEqualTo(headers.get("baggage"));
            } finally {
                runtime.clearThread();
            }
        } finally {
            emitter.clearThread();
        }
    }
}
