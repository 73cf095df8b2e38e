package io.github.sentryjakarta.jaxrs;

import io.github.sentryjakarta.jaxrs.spi.CallerContext;
import io.github.sentryjakarta.jaxrs.spi.ClientSpans;
import io.github.sentryjakarta.jaxrs.spi.InstrumentationFailures;
import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.SpanStatus;
import io.github.sentryjakarta.integration.Instrumentation;
import io.github.sentryjakarta.integration.CapturedContext;
import jakarta.annotation.Priority;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opens an {@code http.client} span, child of the current span, for each call made with the JAX-RS client,
 * named {@code {METHOD} {scheme://host:port/path}}, and adds the trace headers ({@code sentry-trace},
 * {@code baggage}, optionally {@code traceparent}) to calls whose URL matches
 * {@code sentry.trace-propagation-targets} (never to the Sentry host), so the callee's server span becomes a
 * child of this span and follows its sampling decision.
 *
 * <p>The span never becomes current: a call that fails without a response would otherwise leave it current
 * on the calling thread. It ends when the response is filtered; a call that fails without a response (e.g.
 * connection refused) is ended by a Jersey adapter ({@code jaxrs.jersey}), while on other clients it stays
 * open and is not sent (see the README).
 *
 * <p>Async calls ({@code .async()}, {@code .rx()}, MicroProfile REST Client {@code CompletionStage} methods) are
 * filtered on the client's executor: the span is started in the caller's context, carried there by
 * the RESTEasy adapter (its contextual executors) or the Jersey adapter.
 *
 * <p>Registered without user code: {@code META-INF/services/jakarta.ws.rs.ext.Providers} (RESTEasy client),
 * the Jersey adapter's {@code AutoDiscoverable} (Jersey client) and {@code @Provider} (Quarkus REST client).
 */
@Provider
@ConstrainedTo(RuntimeType.CLIENT)
@Priority(SentryClientFilter.PRIORITY)
public final class SentryClientFilter implements ClientRequestFilter, ClientResponseFilter {

    /** Request filters run in ascending order: last, so the span covers the call as the user's filters left it. */
    static final int PRIORITY = Integer.MAX_VALUE - 1000;

    static final String ORIGIN = "auto.http.jakarta_rest.client";

    /** Created by the JAX-RS runtime. */
    public SentryClientFilter() {
    }

    @Override
    public void filter(ClientRequestContext request) {
        try {
            if (request.getProperty(ClientSpans.PROPERTY) != null) {
                return; // registered twice
            }
            Instrumentation runtime = Instrumentation.installed();
            if (!runtime.isActive()) {
                return;
            }
            CapturedContext caller = CallerContext.elsewhere(request.getProperty(CallerContext.PROPERTY));
            if (caller == null) {
                start(runtime, request);
                return;
            }
            // Filtered on the client's executor (an async call): start the span in the caller's context.
            CapturedContext.Restorer restorer = caller.apply();
            try {
                start(runtime, request);
            } finally {
                restorer.restore();
            }
        } catch (RuntimeException e) {
            InstrumentationFailures.log("start a client span", e);
        }
    }

    private static void start(Instrumentation runtime, ClientRequestContext request) {
        URI uri = request.getUri();
        boolean pii = runtime.options().sendDefaultPii();
        String url = withoutQuery(uri);
        boolean root = runtime.currentSpan().isEmpty();
        Span span = runtime.spanBuilder(request.getMethod() + " " + url)
                .op("http.client")
                .active(false)
                .attribute("sentry.origin", ORIGIN)
                .attribute("http.request.method", request.getMethod())
                .attribute("url.full", pii && uri.getRawQuery() != null ? url + "?" + uri.getRawQuery() : url)
                // A call outside any span starts a trace named by its URL: keep that out of the DSC.
                .attribute("sentry.segment.name.source", root ? "url" : null)
                .start();
        if (uri.getHost() != null) {
            span.setAttribute("server.address", uri.getHost());
        }
        int port = Http.port(uri);
        if (port > 0) {
            span.setAttribute("server.port", (long) port);
        }
        request.setProperty(ClientSpans.PROPERTY, span);
        // The callee's parent is the client span, which is deliberately not current.
        Map<String, String> headers = runtime.propagationHeaders(span, uri.toString());
        if (!headers.isEmpty()) {
            addHeaders(request.getHeaders(), headers);
        }
    }

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) {
        try {
            Object property = request.getProperty(ClientSpans.PROPERTY);
            if (property instanceof Span span) {
                request.removeProperty(ClientSpans.PROPERTY);
                span.setAttribute("http.response.status_code", (long) response.getStatus());
                if (response.getStatus() >= 400) {
                    span.setStatus(SpanStatus.ERROR);
                }
                span.end();
            }
        } catch (RuntimeException e) {
            InstrumentationFailures.log("end a client span", e);
        }
    }


    /** Sets the trace headers, merging the caller's own baggage members with ours. */
    private static void addHeaders(MultivaluedMap<String, Object> target, Map<String, String> headers) {
        Map<String, String> values = new LinkedHashMap<>(headers);
        String baggage = values.get("baggage");
        Object existing = target.getFirst("baggage");
        if (baggage != null && existing != null) {
            values.put("baggage", mergeBaggage(baggage, existing.toString()));
        }
        values.forEach(target::putSingle);
    }

    /** Keeps the caller's own baggage members, replacing only the {@code sentry-*} ones. */
    static String mergeBaggage(String ours, String theirs) {
        StringBuilder merged = new StringBuilder(ours);
        for (String member : theirs.split(",")) {
            String trimmed = member.trim();
            int eq = trimmed.indexOf('=');
            if (trimmed.isEmpty() || eq <= 0 || trimmed.startsWith("sentry-")) {
                continue;
            }
            String key = trimmed.substring(0, eq).trim();
            if (!containsKey(ours, key)) {
                merged.append(merged.length() == 0 ? "" : ",").append(trimmed);
            }
        }
        return merged.toString();
    }

    private static boolean containsKey(String baggage, String key) {
        for (String member : baggage.split(",")) {
            int eq = member.indexOf('=');
            if (eq > 0 && member.substring(0, eq).trim().equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** @return scheme, host, port and path: no user info (credentials), no query, no fragment */
    static String withoutQuery(URI uri) {
        StringBuilder url = new StringBuilder();
        if (uri.getScheme() != null) {
            url.append(uri.getScheme()).append("://");
        }
        if (uri.getHost() != null) {
            url.append(uri.getHost().indexOf(':') >= 0 && !uri.getHost().startsWith("[")
                    ? "[" + uri.getHost() + "]" : uri.getHost());
        }
        if (uri.getPort() >= 0) {
            url.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            url.append(uri.getRawPath());
        }
        return url.toString();
    }
}
