package io.github.sentryjakarta.example.app;

import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The JAX-RS application. It lists no Sentry class: the library registers its filters by itself. */
public class DemoApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(OrdersResource.class, PricingResource.class, UnexpectedErrorMapper.class);
    }
}
