package io.github.sentryjakarta.jaxrs.servlet;

import io.github.sentryjakarta.integration.Instrumentation;
import io.github.sentryjakarta.jaxrs.spi.InstrumentationFailures;
import io.github.sentryjakarta.jaxrs.spi.RequestSpan;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The servlet container's view of a JAX-RS request (RESTEasy on WildFly, Liberty or Undertow; Jersey on
 * Payara), for what response filters do not see. Installed by {@link ServletContextObserver}, so servlet
 * containers run it without user code; elsewhere (Quarkus REST, Jersey's own HTTP servers) it is never
 * loaded.
 *
 * <ul>
 *   <li>An exception that no mapper handled propagates out of the JAX-RS servlet without response filters:
 *       the span ends here with status 500 and the exception.</li>
 *   <li>When the dispatch returns, the container thread is done with the request, also when it went async:
 *       the thread forgets the span and the continued trace, so nothing leaks into the next request.</li>
 *   <li>When PII is on, it records the peer address, which JAX-RS has no portable API for, as a request attribute
 *       (servlet attributes are JAX-RS request properties), for {@code client.address}.</li>
 * </ul>
 *
 * <p>Not API: public only so that the servlet container can instantiate it.
 */
public final class SentryServletFilter implements Filter {

    /** Created by the servlet container. */
    public SentryServletFilter() {
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getDispatcherType() == DispatcherType.REQUEST) {
            RequestSpan.clearStale();
            try {
                // Only used for client.address, which is personal data: without it, neither formatted nor stored.
                Instrumentation runtime = Instrumentation.installed();
                if (runtime.isActive() && runtime.options().sendDefaultPii()) {
                    request.setAttribute(RequestSpan.CLIENT_ADDRESS, request.getRemoteAddr());
                }
            } catch (RuntimeException e) {
                InstrumentationFailures.log("read the client address", e);
            }
        }
        Throwable failure = null;
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            finish(request, response, failure);
        }
    }

    private static void finish(ServletRequest request, ServletResponse response, Throwable failure) {
        try {
            RequestSpan requestSpan = RequestSpan.of(request.getAttribute(RequestSpan.PROPERTY));
            if (requestSpan == null) {
                return;
            }
            if (!request.isAsyncStarted()) {
                // Response filters did not run (or the span would have ended): the request failed past them.
                int status = failure != null ? 500
                        : response instanceof HttpServletResponse http ? http.getStatus() : 0;
                requestSpan.end(status, rootCause(failure));
            }
            requestSpan.releaseThread();
        } catch (RuntimeException e) {
            InstrumentationFailures.log("end a server span in the servlet filter", e);
        }
    }

    /** The application's exception rather than the container's wrapper of it. */
    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        for (int i = 0; i < 5 && cause instanceof ServletException && cause.getCause() != null; i++) {
            cause = cause.getCause();
        }
        // RESTEasy wraps unmapped exceptions in its UnhandledException (a RuntimeException)
        if (cause != null && cause.getClass().getName().endsWith("UnhandledException") && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
