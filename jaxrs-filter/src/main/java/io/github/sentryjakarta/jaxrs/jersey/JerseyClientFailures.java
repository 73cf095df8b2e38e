package io.github.sentryjakarta.jaxrs.jersey;

import io.github.sentryjakarta.jaxrs.spi.InstrumentationFailures;
import io.github.sentryjakarta.jaxrs.spi.ClientSpans;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import org.glassfish.jersey.client.spi.PostInvocationInterceptor;

/**
 * Ends the client span of a Jersey call that failed without a response (connection refused, timeout):
 * response filters never run then, and JAX-RS has no portable hook for it. Only observes; the exception
 * reaches the caller unchanged.
 *
 * <p>Registered by {@link JerseyAutoDiscoverable}. Not API: public only so that Jersey can instantiate it.
 */
public final class JerseyClientFailures implements PostInvocationInterceptor {

    /** Created by Jersey. */
    public JerseyClientFailures() {
    }

    @Override
    public void afterRequest(ClientRequestContext request, ClientResponseContext response) {
        // the response filter ends the span
    }

    @Override
    public void onException(ClientRequestContext request, ExceptionContext context) {
        try {
            Throwable failure = context.getThrowables().peekLast();
            ClientSpans.failed(request, failure);
        } catch (RuntimeException e) {
            InstrumentationFailures.log("end a failed client span on Jersey", e);
        }
    }
}
