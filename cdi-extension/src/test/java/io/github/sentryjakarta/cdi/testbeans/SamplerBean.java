package io.github.sentryjakarta.cdi.testbeans;

import io.github.sentryjakarta.spi.SamplingContext;
import io.github.sentryjakarta.spi.TracesSampler;
import jakarta.enterprise.context.ApplicationScoped;

/** Drops traces whose root name starts with "drop", keeps the others. */
@ApplicationScoped
public class SamplerBean implements TracesSampler {

    @Override
    public double sample(SamplingContext context) {
        return context.name().startsWith("drop") ? 0.0 : 1.0;
    }
}
