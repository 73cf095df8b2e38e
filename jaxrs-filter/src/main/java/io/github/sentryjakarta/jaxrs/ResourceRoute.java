package io.github.sentryjakarta.jaxrs;

import io.github.sentryjakarta.jaxrs.spi.InstrumentationFailures;
import io.github.sentryjakarta.jaxrs.spi.RequestSpan;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * What the route filters ({@link SentryRouteFeature}'s per method, {@link SentryRouteFilter} as the fallback)
 * know about one resource method, worked out on its first request so that
 * later requests do no reflection and build no strings: whether it answers asynchronously, and the span name
 * and {@code http.route} last computed for it. That pair is reused while the request arrives the same way
 * (a root resource of the same class, the same application base path and HTTP method), which is every
 * request of a method reached without sub-resource locators; requests through locators take the general
 * path of {@link RouteTemplates#template}, itself cached per chain of resources.
 */
final class ResourceRoute {

    /** Set on a request once its span is named, so that the fallback filter does nothing more. */
    static final String NAMED = "io.github.sentryjakarta.jaxrs.RouteNamed";

    /** Bounded by the application's resource methods in practice; the cap guards against generated classes. */
    private static final int MAX_CACHED = 4096;
    private static final ConcurrentMap<Method, ResourceRoute> ROUTES = new ConcurrentHashMap<>();

    private final Method method;
    private final boolean async;
    private volatile Named last;

    private ResourceRoute(Method method) {
        this.method = method;
        this.async = RouteTemplates.isAsync(method);
    }

    /** @return the route of a resource method, computed once per method */
    static ResourceRoute of(Method method) {
        ResourceRoute route = ROUTES.get(method);
        if (route == null) {
            route = new ResourceRoute(method);
            if (ROUTES.size() < MAX_CACHED) {
                ResourceRoute raced = ROUTES.putIfAbsent(method, route);
                if (raced != null) {
                    route = raced;
                }
            }
        }
        return route;
    }

    /**
     * Names the request's server span after this method's route, marks it asynchronous if the method is, and
     * follows the request to this thread. Never throws into the request.
     *
     * @param resourceClass asked only when the runtime reports no matched resource (the class is then needed)
     */
    void nameSpan(ContainerRequestContext request, Supplier<Class<?>> resourceClass) {
        RequestSpan requestSpan = RequestSpan.of(request.getProperty(RequestSpan.PROPERTY));
        if (requestSpan == null || request.getProperty(NAMED) != null) {
            return;
        }
        try {
            request.setProperty(NAMED, Boolean.TRUE);
            if (async) {
                requestSpan.markAsync();
            }
            requestSpan.followToThisThread();
            Named named = named(request, resourceClass);
            if (named != null) {
                // The method matched a resource method, so it is one the application declares: bounded.
                requestSpan.span().setName(named.name());
                requestSpan.span().setAttribute("http.route", named.route());
            }
        } catch (RuntimeException e) {
            InstrumentationFailures.log("name a server span", e);
        }
    }

    /** @return the span name and route of this request, or {@code null} when annotations cannot explain it */
    private Named named(ContainerRequestContext request, Supplier<Class<?>> resourceClass) {
        UriInfo uriInfo = request.getUriInfo();
        List<Object> matched = uriInfo.getMatchedResources();
        String rawBase = uriInfo.getBaseUri().getRawPath();
        String httpMethod = request.getMethod();
        Class<?> root = matched.size() == 1 ? matched.get(0).getClass() : null;
        Named named = last;
        if (root != null && named != null && named.root == root && named.httpMethod.equals(httpMethod)
                && Objects.equals(named.rawBase, rawBase)) {
            return named;
        }
        String template = RouteTemplates.template(uriInfo, matched.isEmpty() ? resourceClass.get() : null, method);
        if (template == null) {
            return null;
        }
        String route = SentryServerFilter.basePath(rawBase) + template;
        named = new Named(root, rawBase, httpMethod, httpMethod + " " + route, route);
        if (root != null) {
            last = named; // one root class, so no locator chose the template: it holds for every such request
        }
        return named;
    }

    /**
     * A span name and route, and what they were computed for.
     *
     * @param root     the root resource class, or {@code null} when reached through locators (then not reused)
     * @param rawBase  the application's base path as the runtime gave it
     * @param httpMethod the request's method
     * @param name     {@code {METHOD} {route}}
     * @param route    the base path and the template
     */
    record Named(Class<?> root, String rawBase, String httpMethod, String name, String route) {
    }
}
