package io.github.sentryjakarta.jaxrs.jersey;

import io.github.sentryjakarta.jaxrs.spi.InstrumentationFailures;
import io.github.sentryjakarta.jaxrs.spi.RequestSpan;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;

/**
 * Jersey's hooks for what response filters do not see:
 * <ul>
 *   <li>{@code FINISHED} fires for every request, also after an exception that skipped the response filters
 *       or a failed write, and ends the span if no response filter did;</li>
 *   <li>{@code RESOURCE_METHOD_FINISHED} fires on the container thread when an async resource method
 *       returns, which is when that thread must forget the span (the response comes later, elsewhere);</li>
 *   <li>{@code ON_EXCEPTION} and {@code EXCEPTION_MAPPER_FOUND} tell an exception the application did not
 *       map (Jersey 3.1 then answers 500 through its built-in default mapper, response filters
 *       included) from a mapped one, so the span records the former as its error.</li>
 * </ul>
 *
 * <p>Registered by {@link JerseyAutoDiscoverable}; deliberately not a {@code @Provider}, so that other
 * runtimes never try to load it. Not API: public only so that Jersey can instantiate it.
 */
public final class JerseyRequestEvents implements ApplicationEventListener {

    private static final String DEFAULT_MAPPER = "org.glassfish.jersey.server.DefaultExceptionMapper";

    /** Created by Jersey. */
    public JerseyRequestEvents() {
    }

    @Override
    public void onEvent(ApplicationEvent event) {
        // nothing to do for the application's lifecycle
    }

    @Override
    public RequestEventListener onRequest(RequestEvent requestEvent) {
        return new PerRequest();
    }

    /** Jersey's catch-all mapper is package-private: recognised by name. */
    private static boolean isJerseysDefault(Object mapper) {
        return mapper != null && DEFAULT_MAPPER.equals(mapper.getClass().getName());
    }

    /**
     * Follows one request. It keeps the request's span itself: some containers (Grizzly) recycle the
     * request, properties included, before {@code FINISHED}.
     */
    private static final class PerRequest implements RequestEventListener {

        private RequestSpan requestSpan;
        private boolean ignored;

        @Override
        public void onEvent(RequestEvent event) {
            try {
                RequestEvent.Type type = event.getType();
                if (type == RequestEvent.Type.START) {
                    return; // the pre-matching filter has not run yet
                }
                RequestSpan span = requestSpan(event);
                if (span == null) {
                    return;
                }
                switch (type) {
                    case ON_EXCEPTION -> span.unmappedFailure(unwrap(event.getException()));
                    case EXCEPTION_MAPPER_FOUND -> {
                        if (!isJerseysDefault(event.getExceptionMapper())) {
                            span.unmappedFailure(null); // the application maps it: its own business
                        }
                    }
                    case RESOURCE_METHOD_FINISHED -> {
                        if (span.isAsync()) {
                            span.releaseThread();
                        }
                    }
                    case FINISHED -> finished(event, span);
                    default -> {
                        // other events change nothing
                    }
                }
            } catch (RuntimeException e) {
                InstrumentationFailures.log("follow a request on Jersey", e);
            }
        }

        private RequestSpan requestSpan(RequestEvent event) {
            if (requestSpan == null && !ignored) {
                Object property = event.getContainerRequest().getProperty(RequestSpan.PROPERTY);
                requestSpan = RequestSpan.of(property);
                ignored = property != null && requestSpan == null;
            }
            return requestSpan;
        }

        private static void finished(RequestEvent event, RequestSpan span) {
            if (!span.hasEnded()) {
                ContainerResponse response = event.getContainerResponse();
                Throwable failure = event.isSuccess() ? null : unwrap(event.getException());
                span.end(response != null ? response.getStatus() : 500, failure);
            }
            span.releaseThread();
        }

        /** Jersey wraps exceptions of resource methods in its internal MappableException. */
        private static Throwable unwrap(Throwable failure) {
            Throwable cause = failure;
            for (int i = 0; i < 5 && cause != null && cause.getCause() != null
                    && cause.getClass().getName().startsWith("org.glassfish.jersey."); i++) {
                cause = cause.getCause();
            }
            return cause;
        }
    }
}
