package io.github.sentryjakarta.internal.propagation;

/**
 * The sampling decision of a trace.
 *
 * @param sampled whether its spans are recorded and sent
 * @param rate the rate it was decided with, if known
 * @param counted whether unsampled spans count as {@code sample_rate} drops (false when tracing is off)
 */
public record SamplingDecision(boolean sampled, Double rate, boolean counted) {

    /** The decision of a runtime that is not active: nothing sampled, nothing counted. */
    static final SamplingDecision INACTIVE = new SamplingDecision(false, null, false);
}
