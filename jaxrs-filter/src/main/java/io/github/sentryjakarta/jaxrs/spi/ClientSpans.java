package io.github.sentryjakarta.jaxrs.spi;

import io.github.sentryjakarta.Span;
import jakarta.ws.rs.client.ClientRequestContext;

/**
 * Where a client call's span is kept between the client filter's request and response halves, and how a
 * runtime adapter ends it when the call fails without a response (response filters never run then).
 */
public final class ClientSpans {

    /** The client request property that holds the call's span. */
    public static final String PROPERTY = "io.github.sentryjakarta.jaxrs.ClientSpan";

    private ClientSpans() {
    }

    /** Ends the span of a call that failed without a response, if the client filter started one. */
    public static void failed(ClientRequestContext request, Throwable failure) {
        Object property = request.getProperty(PROPERTY);
        if (property instanceof Span span) {
            request.removeProperty(PROPERTY);
            span.recordException(failure);
            span.end();
        }
    }
}
