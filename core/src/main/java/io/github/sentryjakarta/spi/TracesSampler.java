package io.github.sentryjakarta.spi;

/**
 * Decides the sample rate of a new trace. Called once, when a local root span starts; every child follows
 * that decision. An incoming {@code sentry-trace} flag wins over the sampler.
 *
 * <p>Where CDI runs, a bean implementing this interface is picked up automatically. A sampler that throws
 * is logged once and the configured {@code sentry.traces-sample-rate} applies.
 */
@FunctionalInterface
public interface TracesSampler {

    /**
     * @param context what is known about the new trace
     * @return a rate in [0, 1]; the trace is sampled when its {@code sample_rand} is below it
     */
    double sample(SamplingContext context);
}
