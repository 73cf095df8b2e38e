package io.github.sentryjakarta.spi;

import java.util.Map;
import java.util.Optional;

/**
 * What a {@link TracesSampler} knows when a trace starts.
 *
 * @param name the name of the local root span
 * @param traceId the trace id (32 hex digits)
 * @param parentSampled the decision of an incoming trace, if it carried one
 * @param parentSampleRate the sample rate of an incoming trace, if its baggage carried one
 * @param attributes the attributes set on the span builder
 */
public record SamplingContext(String name, String traceId, Optional<Boolean> parentSampled,
        Optional<Double> parentSampleRate, Map<String, Object> attributes) {
}
