package io.github.sentryjakarta.benchmarks.e2e.app;

import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The JAX-RS application under load. It lists no Sentry class: the library registers itself when present. */
public class LoadApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(OrderResource.class);
    }
}
