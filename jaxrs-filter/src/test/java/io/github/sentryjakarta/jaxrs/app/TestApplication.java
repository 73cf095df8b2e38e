package io.github.sentryjakarta.jaxrs.app;

import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The application both runtimes serve. It lists no Sentry class: the library must register itself. */
public class TestApplication extends Application {

    public static final Set<Class<?>> CLASSES = Set.of(OrdersResource.class, FailResource.class,
            AsyncResource.class, CallResource.class, MappedExceptionMapper.class);

    @Override
    public Set<Class<?>> getClasses() {
        return CLASSES;
    }
}
