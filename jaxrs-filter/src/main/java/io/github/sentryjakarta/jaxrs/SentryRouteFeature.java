package io.github.sentryjakarta.jaxrs;

import io.github.sentryjakarta.jaxrs.spi.InstrumentationFailures;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.function.Supplier;

/**
 * Gives every resource method its own route filter when the application starts, holding what
 * {@link ResourceRoute} worked out for that method: a request then names its span without asking the
 * runtime which method matched (an injected {@code ResourceInfo} is a proxy resolved on every call).
 * {@link SentryRouteFilter} stays registered for the methods a runtime does not offer to dynamic features
 * (some sub-resources); it steps aside for requests already named here.
 *
 * <p>Not API: public only so that JAX-RS runtimes can instantiate it.
 */
@Provider
public final class SentryRouteFeature implements DynamicFeature {

    /** Created by the JAX-RS runtime. */
    public SentryRouteFeature() {
    }

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        try {
            Method method = resourceInfo.getResourceMethod();
            if (method != null) {
                // Just before the global route filter, which then finds the request named.
                context.register(new MethodRouteFilter(ResourceRoute.of(method), resourceInfo.getResourceClass()),
                        SentryServerFilter.PRIORITY - 1);
            }
        } catch (RuntimeException e) {
            InstrumentationFailures.log("prepare a resource method's route", e); // the global route filter still names spans
        }
    }

    /** The route filter of one resource method. */
    static final class MethodRouteFilter implements ContainerRequestFilter {
        private final ResourceRoute route;
        private final Supplier<Class<?>> resourceClass;

        MethodRouteFilter(ResourceRoute route, Class<?> resourceClass) {
            this.route = route;
            this.resourceClass = () -> resourceClass;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            route.nameSpan(request, resourceClass);
        }
    }
}
