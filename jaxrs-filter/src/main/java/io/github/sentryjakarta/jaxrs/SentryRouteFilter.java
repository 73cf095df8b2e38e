package io.github.sentryjakarta.jaxrs;

import io.github.sentryjakarta.jaxrs.spi.InstrumentationFailures;
import io.github.sentryjakarta.jaxrs.spi.RequestSpan;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;

/**
 * Names the server span after the matched resource: {@code {METHOD} {route template}}, for example
 * {@code GET /api/orders/{id}}, and sets {@code http.route}. Runs after matching (which
 * {@link SentryServerFilter}, being pre-matching, cannot see) and before any other post-matching filter, so
 * that the name is in place before the resource method propagates the trace downstream.
 *
 * <p>{@link SentryRouteFeature} gives each resource method a filter of its own that does this without asking
 * the runtime which method matched; this global filter names the requests it did not reach.
 */
@Provider
@Priority(SentryServerFilter.PRIORITY)
public final class SentryRouteFilter implements ContainerRequestFilter {

    @Context
    private ResourceInfo resourceInfo;

    /** Created by the JAX-RS runtime. */
    public SentryRouteFilter() {
    }

    @Override
    public void filter(ContainerRequestContext request) {
        RequestSpan requestSpan = RequestSpan.of(request.getProperty(RequestSpan.PROPERTY));
        if (requestSpan == null || request.getProperty(ResourceRoute.NAMED) != null) {
            return; // nothing to name, or the method's own filter did (SentryRouteFeature)
        }
        try {
            // The injected ResourceInfo is a proxy resolved on every call: once here, the rest cached per method.
            Method method = resourceInfo == null ? null : resourceInfo.getResourceMethod();
            if (method != null) {
                ResourceRoute.of(method).nameSpan(request, resourceInfo::getResourceClass);
            }
        } catch (RuntimeException e) {
            InstrumentationFailures.log("name a server span", e);
        }
    }
}
