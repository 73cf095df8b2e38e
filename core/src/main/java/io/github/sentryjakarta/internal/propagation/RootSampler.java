package io.github.sentryjakarta.internal.propagation;

/**
 * Decides whether a trace is sampled, once, when its first local root here starts: what
 * {@link TraceContext#decide} asks. It lives beside the trace so that the trace model does not depend on the
 * sampler that implements it (the sampler reads the trace: incoming decision, rate and random value).
 *
 * @param <A> the start attributes of the local root, as the implementation reads them
 */
public interface RootSampler<A> {

    /** @return the decision for {@code trace}, started by a local root of this name and start attributes */
    SamplingDecision decide(TraceContext trace, String name, A attributes);
}
