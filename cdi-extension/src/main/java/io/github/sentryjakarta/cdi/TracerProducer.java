package io.github.sentryjakarta.cdi;

import io.github.sentryjakarta.Tracer;
import io.github.sentryjakarta.Traces;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * Makes the {@link Tracer} injectable: {@code @Inject Tracer tracer}. It is {@link Traces#tracer()}, which
 * always answers for the configuration installed at the moment of each call, so one instance serves every
 * injection point.
 */
@Dependent
public class TracerProducer {

    /** @return the installed tracer */
    @Produces
    @Dependent
    public Tracer tracer() {
        return Traces.tracer();
    }
}
