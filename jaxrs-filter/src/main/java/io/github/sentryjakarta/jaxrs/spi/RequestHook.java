package io.github.sentryjakarta.jaxrs.spi;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * A runtime adapter's hook into the start of a server request, for runtimes whose own API tells the request's
 * end where response filters do not (Quarkus REST's completion callbacks). Implementations are listed in
 * {@code META-INF/services/io.github.sentryjakarta.jaxrs.spi.RequestHook} and found once by {@link RequestHooks};
 * so the portable filters never name an adapter.
 */
public interface RequestHook {

    /**
     * Called by the pre-matching filter once the request's span has started, on the request's thread. Must be
     * cheap and must not throw: it runs on every request, on every runtime.
     *
     * @param request the request
     * @param requestSpan its span
     */
    void requestStarted(ContainerRequestContext request, RequestSpan requestSpan);
}
