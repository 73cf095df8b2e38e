package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.testing.InMemorySpanProcessor;
import io.github.sentryjakarta.integration.SentryOptions;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.Span;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A trace continued from {@code sentry-trace} or {@code traceparent} without Sentry baggage freezes a DSC of
 * its own: its {@code sample_rate} is the inherited decision as a rate ({@code 1} or {@code 0}), as Sentry's
 * JavaScript SDK sends it.
 */
class InheritedDecisionDscTest {

    private static final String TRACE = "771a43a4192642f0b136d5159a501700";
    private static final String PARENT = "b0e6f15b45c36b12";

    @ParameterizedTest
    @CsvSource({
            "sentry-trace, " + TRACE + "-" + PARENT + "-1, 1, true",
            "sentry-trace, " + TRACE + "-" + PARENT + "-0, 0, false",
            "traceparent, 00-" + TRACE + "-" + PARENT + "-01, 1, true",
            "traceparent, 00-" + TRACE + "-" + PARENT + "-00, 0, false"})
    void theFrozenDscCarriesTheInheritedDecisionAsItsSampleRate(String header, String value, String rate,
            String sampled) {
        InMemorySpanProcessor processor = new InMemorySpanProcessor();
        SentryRuntime runtime = processor.runtime(SentryOptions.builder().tracesSampleRate(0.5));
        try {
            runtime.continueTrace(Map.of(header, value)::get);
            Span span = runtime.startSpan("server");
            String baggage = runtime.propagationHeaders().get("baggage");
            span.end();
            assertThat(baggage).contains("sentry-trace_id=" + TRACE, "sentry-sample_rate=" + rate + ",",
                    "sentry-sampled=" + sampled);
        } finally {
            runtime.clearThread();
        }
    }
}
