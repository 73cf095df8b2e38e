package io.github.sentryjakarta.jaxrs;

import io.github.sentryjakarta.jaxrs.spi.InstrumentationFailures;
import io.github.sentryjakarta.jaxrs.spi.RequestHooks;
import io.github.sentryjakarta.jaxrs.spi.RequestSpan;
import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.integration.Instrumentation;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Opens one {@code http.server} span per request and ends it when the response is filtered.
 *
 * <p>The span starts before resource matching, so that it also covers requests that match nothing
 * (named {@code {METHOD} {base path}/*}) and requests that other filters abort; {@link SentryRouteFilter}
 * renames it to {@code {METHOD} {route template}} once a resource matched. Without a current span the request
 * continues the incoming {@code sentry-trace}/{@code baggage}/{@code traceparent} headers and the span is a
 * new segment (the continued trace lives in the span, never on the thread); otherwise it is a child of the
 * current span.
 *
 * <p>Responses that skip response filters (unmapped exceptions, failures while writing) are ended by the
 * runtime adapters (sub-packages {@code servlet}, {@code jersey}, {@code quarkus}), which depend on this
 * package and never the other way: the one that needs the request's start is a {@code RequestHook}.
 *
 * <p>Registered without user code: {@code @Provider}, {@code META-INF/services/jakarta.ws.rs.ext.Providers}
 * and, on Jersey, the Jersey adapter's {@code AutoDiscoverable}. Requests whose path fully matches one of
 * {@code sentry.jaxrs.ignore-paths} get no span.
 */
@Provider
@PreMatching
@Priority(SentryServerFilter.PRIORITY)
public final class SentryServerFilter implements ContainerRequestFilter, ContainerResponseFilter {

    /**
     * Before authentication ({@code 1000}), so that requests other filters abort are traced too; response
     * filters run in reverse order, so this one sees the final status last.
     */
    static final int PRIORITY = 100;

    static final String ORIGIN = "auto.http.jakarta_rest.server";

    /** The name last built for a request before matching; see {@link #unmatchedName}. */
    private volatile UnmatchedName lastUnmatched;

    /** Created by the JAX-RS runtime. */
    public SentryServerFilter() {
    }

    @Override
    public void filter(ContainerRequestContext request) {
        try {
            RequestSpan.clearStale();
            if (request.getProperty(RequestSpan.PROPERTY) != null) {
                return; // registered twice, or the request passes through a second time (forward)
            }
            Instrumentation runtime = Instrumentation.installed();
            if (!runtime.isActive()) {
                return; // the library is off: no span, no trace state on the thread
            }
            SentryOptions options = runtime.options();
            UriInfo uriInfo = request.getUriInfo();
            URI requestUri = uriInfo.getRequestUri();
            Http.IgnoredPaths ignoredPaths = Http.ignoredPaths(options);
            // Without ignored paths (the default) the decoded paths are never needed: not worked out.
            if (!ignoredPaths.isEmpty() && ignoredPaths.matchAny(requestUri.getPath(), applicationPath(uriInfo))) {
                request.setProperty(RequestSpan.PROPERTY, RequestSpan.IGNORED);
                return;
            }
            boolean segment = runtime.currentSpan().isEmpty();
            String method = Http.knownMethod(request.getMethod());
            String path = requestUri.getRawPath();
            String name = unmatchedName(method, uriInfo.getBaseUri().getRawPath());
            // A segment continues the incoming headers without storing them on the thread: only the span is
            // current, so nothing of the request's trace stays on a pooled thread once the span has ended.
            Span span = (segment ? runtime.spanBuilder(name, request::getHeaderString) : runtime.spanBuilder(name))
                    .op("http.server")
                    .attribute("sentry.origin", ORIGIN)
                    .attribute("http.request.method", method)
                    .attribute("url.path", path == null || path.isEmpty() ? "/" : path)
                    .start();
            // An unsampled request's span records nothing: skip the work of its attributes.
            if (span.isRecording()) {
                if (!method.equals(request.getMethod())) {
                    span.setAttribute("http.request.method_original", request.getMethod());
                }
                if (segment) {
                    span.setAttribute("sentry.segment.name.source", "route");
                }
                if (requestUri.getScheme() != null) {
                    span.setAttribute("url.scheme", requestUri.getScheme());
                }
                if (requestUri.getHost() != null) {
                    span.setAttribute("server.address", requestUri.getHost());
                }
                int port = Http.port(requestUri);
                if (port > 0) {
                    span.setAttribute("server.port", (long) port);
                }
                if (options.sendDefaultPii()) {
                    setPiiAttributes(request, span, requestUri);
                }
            }
            RequestSpan requestSpan = new RequestSpan(span, segment);
            if (options.sendDefaultPii() && runtime.capturesUnhandled()) {
                requestSpan.headers(headers(request));
            }
            request.setProperty(RequestSpan.PROPERTY, requestSpan);
            RequestHooks.started(request, requestSpan);
        } catch (RuntimeException e) {
            InstrumentationFailures.log("start a server span", e);
        }
    }

    private static void setPiiAttributes(ContainerRequestContext request, Span span, URI requestUri) {
        if (requestUri.getRawQuery() != null) {
            span.setAttribute("url.query", requestUri.getRawQuery());
        }
        String userAgent = request.getHeaderString("User-Agent");
        if (userAgent != null) {
            span.setAttribute("user_agent.original", userAgent);
        }
        String client = clientAddress(request);
        if (client != null) {
            span.setAttribute("client.address", client);
        }
    }

    /** @return the request headers, several values of one joined by {@code ", "} (credentials are dropped later) */
    private static Map<String, String> headers(ContainerRequestContext request) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.getHeaders().forEach((name, values) -> headers.put(name, String.join(", ", values)));
        return headers;
    }

    /** The first {@code X-Forwarded-For} hop, as Sentry's other SDKs report the user's IP; else the peer. */
    private static String clientAddress(ContainerRequestContext request) {
        String forwarded = request.getHeaderString("X-Forwarded-For");
        if (forwarded != null) {
            int comma = forwarded.indexOf(',');
            String first = (comma < 0 ? forwarded : forwarded.substring(0, comma)).trim();
            if (!first.isEmpty()) {
                return first;
            }
        }
        Object peer = request.getProperty(RequestSpan.CLIENT_ADDRESS);
        return peer instanceof String address ? address : null;
    }

    /** @return the request path relative to the application, with one leading slash (runtimes differ) */
    private static String applicationPath(UriInfo uriInfo) {
        String path = uriInfo.getPath();
        return path.startsWith("/") ? path : "/" + path;
    }

    /**
     * @return {@code {METHOD} {base path}/*}, the span's name until a resource matches. Every request of an
     *         application has the same base path and most the same method: the last name is reused rather than
     *         built again per request.
     */
    private String unmatchedName(String method, String rawBase) {
        UnmatchedName last = lastUnmatched;
        if (last != null && last.method().equals(method) && Objects.equals(last.rawBase(), rawBase)) {
            return last.name();
        }
        String name = method + " " + basePath(rawBase) + "/*";
        lastUnmatched = new UnmatchedName(method, rawBase, name);
        return name;
    }

    /** A name before matching, and the method and raw base path it was built from. */
    private record UnmatchedName(String method, String rawBase, String name) {
    }

    /**
     * @param base the raw path of the application's base URI
     * @return it without its trailing slash: "" or e.g. "/shop/api"
     */
    static String basePath(String base) {
        if (base == null) {
            return "";
        }
        int end = base.length();
        while (end > 0 && base.charAt(end - 1) == '/') {
            end--;
        }
        return base.substring(0, end);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        try {
            RequestSpan requestSpan = RequestSpan.of(request.getProperty(RequestSpan.PROPERTY));
            if (requestSpan == null) {
                return;
            }
            requestSpan.end(response.getStatus(), null);
            if (!requestSpan.isAsync()) {
                // The resource method has returned: the container thread is done with the request. An async
                // one may be resumed inside the method, so its thread is released by the runtime adapter.
                requestSpan.releaseThread();
            }
        } catch (RuntimeException e) {
            InstrumentationFailures.log("end a server span", e);
        }
    }
}
