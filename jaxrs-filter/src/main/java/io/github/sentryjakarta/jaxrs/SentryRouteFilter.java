package io.github.sentryjakarta.jaxrs;

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
        if (requestSpan == null) {
            return;
        }
        try {
            // The injected ResourceInfo is a proxy resolved per call: one call, the rest is cached per method.
            Method method = resourceInfo == null ? null : resourceInfo.getResourceMethod();
            if (method == null) {
                return;
            }
            ResourceRoute route = ResourceRoute.of(method);
            if (route.isAsync()) {
                requestSpan.markAsync();
            }
            requestSpan.followToThisThread();
            ResourceRoute.Named named = route.named(request, resourceInfo);
            if (named != null) {
                // The method matched a resource method, so it is one the application declares: bounded.
                requestSpan.span().setName(named.name());
                requestSpan.span().setAttribute("http.route", named.route());
            }
        } catch (RuntimeException e) {
            Http.failed("name a server span", e);
        }
    }
}
