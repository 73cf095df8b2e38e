package io.github.sentryjakarta.spi;

import java.util.Map;
import java.util.Optional;

/**
 * What a {@link TracesSampler} knows when a trace starts. The sampler is only asked when the caller sent
 * no decision: an incoming {@code sentry-trace} flag (or baggage {@code sentry-sampled}) always wins.
 *
 * @param name the name of the local root span
 * @param traceId the trace id (32 hex digits)
 * @param parentSampleRate the sample rate of an incoming trace that deferred its decision, if its baggage
 *     carried one
 * @param attributes the attributes set on the span builder
 */
public record SamplingContext(String name, String traceId, Optional<Double> parentSampleRate,
        Map<String, Object> attributes) {
}
