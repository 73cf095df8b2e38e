package io.github.sentryjakarta.cdi;

import io.github.sentryjakarta.Traces;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * Makes {@link Traces} injectable: {@code @Inject Traces traces}. Its methods are static and delegate to the
 * installed runtime, so the injected instance is only a handle.
 */
@Dependent
public class TracesProducer {

    private static final Traces TRACES = new Traces();

    /** @return the handle for {@link Traces} */
    @Produces
    @Dependent
    public Traces traces() {
        return TRACES;
    }
}
