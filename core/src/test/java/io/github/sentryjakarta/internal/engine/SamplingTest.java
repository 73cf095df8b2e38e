package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.testing.InMemorySpanProcessor;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.internal.propagation.TraceContext;
import io.github.sentryjakarta.internal.span.SpanData;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.spi.SamplingContext;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SamplingTest {

    private static final String TRACE = "771a43a4192642f0b136d5159a501700";
    private static final String PARENT = "b0e6f15b45c36b12";

    private final InMemorySpanProcessor processor = new InMemorySpanProcessor();

    private SentryRuntime runtime(SentryOptions.Builder options) {
        return processor.runtime(options);
    }

    @AfterEach
    void clear() {
        runtime(SentryOptions.builder()).clearThread();
    }

    @Test
    void rateOfPointThreeSamplesThirtyPercentOfFreshTraces() {
        SentryRuntime runtime = runtime(SentryOptions.builder().tracesSampleRate(0.3));
        int sampled = 0;
        for (int i = 0; i < 100_000; i++) {
            Span span = runtime.spanBuilder("t").active(false).start();
            if (span.isSampled()) {
                sampled++;
            }
            span.end();
        }
        assertThat(sampled).isBetween(29_000, 31_000);
        assertThat(processor.spans()).hasSize(sampled);
        assertThat(runtime.clientReports().total(DiscardReason.SAMPLE_RATE, DataCategory.SPAN)).isEqualTo(100_000 - sampled);
    }

    @Test
    void childrenAlwaysFollowTheirSegment() {
        SentryRuntime runtime = runtime(SentryOptions.builder().tracesSampleRate(0.5));
        for (int i = 0; i < 200; i++) {
            try (Span root = runtime.startSpan("root")) {
                try (Span child = runtime.startSpan("child"); Span grandchild = runtime.startSpan("grandchild")) {
                    assertThat(child.isSampled()).isEqualTo(root.isSampled());
                    assertThat(grandchild.isSampled()).isEqualTo(root.isSampled());
                    assertThat(grandchild.isRecording()).isEqualTo(root.isSampled());
                }
            }
        }
    }

    @Test
    void incomingMinusZeroIsNeverSampledLocally() {
        SentryRuntime runtime = runtime(SentryOptions.builder().tracesSampleRate(1.0).tracesSampler(c -> 1.0));
        runtime.continueTrace(Map.of("sentry-trace", TRACE + "-" + PARENT + "-0", "baggage", "sentry-sampled=true")::get);
        try (Span span = runtime.startSpan("server")) {
            assertThat(span.isSampled()).isFalse();
            assertThat(span.isRecording()).isFalse();
            assertThat(runtime.propagationHeaders().get("sentry-trace")).endsWith("-0");
        }
        assertThat(processor.spans()).isEmpty();
    }

    @Test
    void incomingPlusOneIsSampledEvenWithRateZero() {
        SentryRuntime runtime = runtime(SentryOptions.builder().tracesSampleRate(0.0));
        runtime.continueTrace(Map.of("sentry-trace", TRACE + "-" + PARENT + "-1")::get);
        try (Span span = runtime.startSpan("server")) {
            assertThat(span.isSampled()).isTrue();
        }
    }

    @Test
    void withoutRateIncomingDecisionsAreStillHonouredAndNewTracesAreNotSampledNorCounted() {
        SentryRuntime runtime = runtime(SentryOptions.builder());
        runtime.startSpan("fresh").end();
        assertThat(processor.spans()).isEmpty();
        assertThat(runtime.clientReports().total(DiscardReason.SAMPLE_RATE, DataCategory.SPAN)).isZero();
        runtime.continueTrace(Map.of("sentry-trace", TRACE + "-" + PARENT + "-1")::get);
        runtime.startSpan("continued").end();
        assertThat(processor.named("continued").traceId()).isEqualTo(TRACE);
    }

    @Test
    void deferredDecisionUsesSampleRandFromBaggage() {
        SentryRuntime runtime = runtime(SentryOptions.builder().tracesSampleRate(0.5));
        runtime.continueTrace(Map.of("sentry-trace", TRACE + "-" + PARENT, "baggage", "sentry-sample_rand=0.4999999")::get);
        try (Span span = runtime.startSpan("low")) {
            assertThat(span.isSampled()).isTrue();
        }
        runtime.continueTrace(Map.of("sentry-trace", TRACE + "-" + PARENT, "baggage", "sentry-sample_rand=0.5")::get);
        try (Span span = runtime.startSpan("high")) {
            assertThat(span.isSampled()).isFalse();
        }
    }

    @Test
    void sampleRandIsDerivedFromTraceIdSoEveryServiceAgrees() {
        TraceContext a = new TraceContext(TRACE, SentryOptions.builder().build(), Map.of(), "", null, null);
        TraceContext b = new TraceContext(TRACE, SentryOptions.builder().build(), Map.of(), "", null, null);
        assertThat(a.sampleRand()).isEqualTo(b.sampleRand()).isBetween(0.0, 1.0);
        assertThat(a.sampleRand() * 1_000_000 % 1).isZero();
    }

    @Test
    void tracesSamplerDecidesAndSeesNameAndAttributes() {
        AtomicReference<SamplingContext> seen = new AtomicReference<>();
        SentryRuntime runtime = runtime(SentryOptions.builder().tracesSampleRate(1.0).tracesSampler(c -> {
            seen.set(c);
            return c.name().startsWith("health") ? 0.0 : 1.0;
        }));
        runtime.spanBuilder("health check").attribute("k", "v").start().end();
        runtime.startSpan("GET /orders").end();
        assertThat(processor.spans()).extracting(SpanData::name).containsExactly("GET /orders");
        assertThat(seen.get().name()).isEqualTo("GET /orders");
        assertThat(runtime.clientReports().total(DiscardReason.SAMPLE_RATE, DataCategory.SPAN)).isEqualTo(1);
    }

    @Test
    void throwingSamplerFallsBackToTheRate() {
        SentryRuntime runtime = runtime(SentryOptions.builder().tracesSampleRate(1.0).tracesSampler(c -> {
            throw new IllegalStateException("user bug");
        }));
        try (Span span = runtime.startSpan("root")) {
            assertThat(span.isSampled()).isTrue();
        }
        assertThat(processor.named("root").attributes().get("sentry.sample_rate")).isEqualTo(1.0);
    }

    @Test
    void dscCarriesOurDecisionWhenTheTraceStartsHere() {
        SentryRuntime runtime = processor.runtime(SentryOptions.builder().tracesSampleRate(0.25)
                .environment("staging").release("1.0"));
        runtime.continueTrace(Map.of("sentry-trace", TRACE + "-" + PARENT)::get);
        try (Span span = runtime.startSpan("GET /x")) {
            String baggage = runtime.propagationHeaders().get("baggage");
            assertThat(baggage).contains("sentry-trace_id=" + TRACE, "sentry-public_key=key", "sentry-environment=staging",
                    "sentry-release=1.0", "sentry-transaction=GET%20%2Fx", "sentry-sample_rate=0.25",
                    "sentry-sampled=" + span.isSampled(), "sentry-sample_rand=0.");
        }
    }

    @Test
    void withoutALocalDecisionOutgoingHeadersCarryNoFlagSoDownstreamStillDecides() {
        SentryRuntime noRate = runtime(SentryOptions.builder());
        try (Span span = noRate.startSpan("job")) {
            Map<String, String> headers = noRate.propagationHeaders();
            assertThat(headers.get("sentry-trace")).isEqualTo(span.traceId() + "-" + span.spanId());
            assertThat(headers.get("baggage")).doesNotContain("sentry-sampled", "sentry-sample_rate");
        }
        SentryRuntime disabled = new SentryRuntime(SentryOptions.builder().tracesSampleRate(1.0).build(),
                new ClientReports(), processor);
        disabled.continueTrace(Map.of("sentry-trace", TRACE + "-" + PARENT + "-1")::get);
        try (Span span = disabled.startSpan("passing through")) {
            assertThat(disabled.propagationHeaders().get("sentry-trace")).isEqualTo(TRACE + "-" + span.spanId() + "-1");
        } finally {
            disabled.clearThread();
        }
    }

    @Test
    void invalidIncomingSampleRandIsReplacedInTheDsc() {
        SentryRuntime runtime = runtime(SentryOptions.builder().tracesSampleRate(1.0));
        runtime.continueTrace(Map.of("sentry-trace", TRACE + "-" + PARENT + "-1",
                "baggage", "sentry-trace_id=" + TRACE + ",sentry-sample_rand=abc")::get);
        try (Span span = runtime.startSpan("server")) {
            assertThat(runtime.propagationHeaders().get("baggage")).matches(".*sentry-sample_rand=0\\.\\d{6}.*");
        }
    }
}
