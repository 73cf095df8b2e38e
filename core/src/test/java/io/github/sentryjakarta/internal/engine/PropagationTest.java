package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.testing.InMemorySpanProcessor;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.propagation.Baggage;
import io.github.sentryjakarta.internal.propagation.SentryTraceHeader;
import io.github.sentryjakarta.internal.propagation.TraceParent;
import io.github.sentryjakarta.internal.span.SpanData;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.Span;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PropagationTest {

    private static final String TRACE = "771a43a4192642f0b136d5159a501700";
    private static final String PARENT = "b0e6f15b45c36b12";

    private final InMemorySpanProcessor processor = new InMemorySpanProcessor();
    private SentryRuntime runtime = processor.runtime(SentryOptions.builder().tracesSampleRate(1.0));

    @AfterEach
    void clear() {
        runtime.clearThread();
    }

    private Span continueWith(Map<String, String> headers) {
        runtime.continueTrace(headers::get);
        return runtime.startSpan("server");
    }

    /**
     * Continues {@link #TRACE} from a caller of org {@code incomingOrg} on a runtime with {@code options}.
     *
     * @param incomingOrg the {@code sentry-org_id} in the incoming baggage, or {@code null} for a caller without one
     * @return whether the local root joined the incoming trace
     */
    private boolean continuesTrace(SentryOptions.Builder options, String incomingOrg) {
        runtime = processor.runtime(options.tracesSampleRate(1.0));
        Map<String, String> headers = new HashMap<>();
        headers.put("sentry-trace", TRACE + "-" + PARENT + "-1");
        if (incomingOrg != null) {
            headers.put("baggage", "sentry-org_id=" + incomingOrg);
        }
        Span span = continueWith(headers);
        try {
            return span.traceId().equals(TRACE);
        } finally {
            span.end();
            runtime.clearThread();
        }
    }

    @Test
    void incomingSentryTraceBecomesParentOfLocalRoot() {
        continueWith(Map.of("sentry-trace", " " + TRACE + "-" + PARENT + "-1 ")).end();
        SpanData server = processor.named("server");
        assertThat(server.traceId()).isEqualTo(TRACE);
        assertThat(server.parentSpanId()).isEqualTo(PARENT);
        assertThat(server.isSegment()).isTrue();
    }

    @Test
    void incomingBaggageIsFrozenAsDscAndThirdPartyMembersAreKept() {
        Span span = continueWith(Map.of("sentry-trace", TRACE + "-" + PARENT + "-1",
                "baggage", "other=1,sentry-trace_id=" + TRACE + ",sentry-public_key=up,sentry-transaction=GET%20%2Fx,sentry-sample_rate=0.5,sentry-sample_rand=0.25,sentry-sampled=true, vendor=z"));
        Map<String, String> headers = runtime.propagationHeaders();
        assertThat(headers.get("baggage")).isEqualTo(
                "sentry-trace_id=" + TRACE + ",sentry-public_key=up,sentry-transaction=GET%20%2Fx,sentry-sample_rate=0.5,sentry-sample_rand=0.25,sentry-sampled=true,other=1,vendor=z");
        assertThat(headers.get("sentry-trace")).isEqualTo(TRACE + "-" + span.spanId() + "-1");
        span.end();
    }

    @Test
    void traceparentIsUsedOnlyWithoutSentryTrace() {
        continueWith(Map.of("traceparent", "00-" + TRACE + "-" + PARENT + "-01")).end();
        assertThat(processor.named("server").traceId()).isEqualTo(TRACE);
        runtime.clearThread();
        continueWith(Map.of("traceparent", "00-" + TRACE + "-" + PARENT + "-01", "sentry-trace", "garbage")).end();
        assertThat(processor.spans().get(1).traceId()).isNotEqualTo(TRACE);
    }

    @Test
    void traceparentIsEmittedOnlyWhenConfigured() {
        try (Span span = runtime.startSpan("root")) {
            assertThat(runtime.propagationHeaders()).doesNotContainKey("traceparent");
        }
        runtime = processor.runtime(SentryOptions.builder().tracesSampleRate(1.0).propagateTraceparent(true));
        try (Span span = runtime.startSpan("root")) {
            assertThat(runtime.propagationHeaders()).containsEntry("traceparent", "00-" + span.traceId() + "-" + span.spanId() + "-01");
        }
    }

    @Test
    void differentOrgIdStartsNewTrace() {
        assertThat(continuesTrace(SentryOptions.builder().orgId("1"), "2")).isFalse();
    }

    @Test
    void sameOrgIdContinues() {
        assertThat(continuesTrace(SentryOptions.builder().orgId("1"), "1")).isTrue();
    }

    @Test
    void strictContinuationRequiresOrgIdOnBothSides() {
        assertThat(continuesTrace(SentryOptions.builder().orgId("1").strictTraceContinuation(true), null))
                .as("no org id in the incoming baggage").isFalse();
        assertThat(continuesTrace(SentryOptions.builder().strictTraceContinuation(true), "1"))
                .as("no org id of ours").isFalse();
        assertThat(continuesTrace(SentryOptions.builder().strictTraceContinuation(true), null))
                .as("no org id on either side").isTrue();
    }

    @Test
    void orgIdComesFromDsnHost() {
        SentryOptions options = SentryOptions.builder().dsn("https://key@o4501.ingest.sentry.io/42").build();
        assertThat(options.orgId()).contains("4501");
    }

    @Test
    void propagationTargetsFilterUrlsAndNeverTheSentryHost() {
        runtime = new SentryRuntime(SentryOptions.builder().dsn("https://key@o1.ingest.sentry.io/42").tracesSampleRate(1.0)
                .tracePropagationTargets(java.util.List.of("^https://api\\.example\\.com")).build(), new ClientReports(), processor);
        try (Span span = runtime.startSpan("root")) {
            assertThat(runtime.propagationHeaders("https://api.example.com/orders")).containsKey("sentry-trace");
            assertThat(runtime.propagationHeaders("https://other.example.com/")).isEmpty();
            runtime = new SentryRuntime(SentryOptions.builder().dsn("https://key@o1.ingest.sentry.io/42").tracesSampleRate(1.0).build(),
                    new ClientReports(), processor);
            assertThat(runtime.propagationHeaders("https://o1.ingest.sentry.io/api/42/envelope/")).isEmpty();
            assertThat(runtime.propagationHeaders("https://o1.ingest.sentry.io:443/api/42/envelope/")).isEmpty();
            runtime = new SentryRuntime(SentryOptions.builder().dsn("http://key@127.0.0.1:9000/1").tracesSampleRate(1.0).build(),
                    new ClientReports(), processor);
            assertThat(runtime.propagationHeaders("http://127.0.0.1:9000/api/1/envelope/")).isEmpty();
            assertThat(runtime.propagationHeaders("http://127.0.0.1:8080/orders")).containsKey("sentry-trace");
            assertThat(runtime.propagationHeaders("https://anything.example/")).containsKey("sentry-trace");
        }
    }

    @Test
    void headersForAGivenSpanMakeTheCalleeItsChildEvenWhenItIsNotCurrent() {
        try (Span root = runtime.startSpan("root")) {
            Span client = runtime.spanBuilder("GET http://b/x").active(false).start();
            assertThat(runtime.propagationHeaders(client, "http://b/x").get("sentry-trace"))
                    .isEqualTo(root.traceId() + "-" + client.spanId() + "-1");
            assertThat(runtime.propagationHeaders().get("sentry-trace")).contains(root.spanId());
            client.end();
        }
    }

    @Test
    void withoutSpanPropagationUsesTheContinuedTraceAndADeferredDecision() {
        runtime.continueTrace(Map.of("sentry-trace", TRACE + "-" + PARENT)::get);
        assertThat(runtime.propagationHeaders().get("sentry-trace")).matches(TRACE + "-[0-9a-f]{16}");
    }

    @Test
    void baggageParsingIsBounded() {
        String many = "a=1,".repeat(500) + "sentry-release=late";
        assertThat(Baggage.parse(many).sentry()).isEmpty();
        String huge = "sentry-release=x," + "b=" + "y".repeat(20000);
        Baggage.Parsed parsed = Baggage.parse(huge);
        assertThat(parsed.sentry()).containsEntry("release", "x");
        assertThat(parsed.thirdParty()).isEmpty();
    }

    @Test
    void sentryTraceParsing() {
        assertThat(SentryTraceHeader.parse(TRACE + "-" + PARENT)).isEqualTo(new SentryTraceHeader(TRACE, PARENT, null));
        assertThat(SentryTraceHeader.parse(TRACE + "-" + PARENT + "-0").sampled()).isFalse();
        assertThat(SentryTraceHeader.parse("0".repeat(32) + "-" + PARENT + "-1")).isNull();
        assertThat(SentryTraceHeader.parse(TRACE + "-" + "0".repeat(16))).isNull();
        assertThat(SentryTraceHeader.parse(TRACE.toUpperCase() + "-" + PARENT)).isNull();
        assertThat(SentryTraceHeader.parse(TRACE + "-" + PARENT + "-x")).isNull();
        assertThat(TraceParent.parse("ff-" + TRACE + "-" + PARENT + "-01")).isNull();
        assertThat(TraceParent.parse("00-" + TRACE + "-" + PARENT + "-00").sampled()).isFalse();
    }
}
