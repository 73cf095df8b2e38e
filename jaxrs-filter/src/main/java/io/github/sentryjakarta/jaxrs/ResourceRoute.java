package io.github.sentryjakarta.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What {@link SentryRouteFilter} knows about one resource method, worked out on its first request so that
 * later requests do no reflection and build no strings: whether it answers asynchronously, and the span name
 * and {@code http.route} last computed for it. That pair is reused while the request arrives the same way
 * (a root resource of the same class, the same application base path and HTTP method), which is every
 * request of a method reached without sub-resource locators; requests through locators take the general
 * path of {@link RouteTemplates#template}, itself cached per chain of resources.
 */
final class ResourceRoute {

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

    /** @return whether the method answers asynchronously ({@code @Suspended} or a stage) */
    boolean isAsync() {
        return async;
    }

    /**
     * @param resourceInfo read only when the runtime reports no matched resource (the class is then needed)
     * @return the span name and route of this request, or {@code null} when annotations cannot explain the
     *         chain of matched resources
     */
    Named named(ContainerRequestContext request, ResourceInfo resourceInfo) {
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
        String template = RouteTemplates.template(uriInfo,
                matched.isEmpty() ? resourceInfo.getResourceClass() : null, method);
        if (template == null) {
            return null;
        }
        String route = SentryServerFilter.basePath(uriInfo) + template;
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
