package io.github.sentryjakarta.cdi.testbeans;

import io.github.sentryjakarta.cdi.SentrySpan;
import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.Traces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Uses an injected {@link Traces} inside an intercepted method. */
@ApplicationScoped
public class TracesUser {

    @Inject
    Traces traces;

    @SentrySpan("with manual child")
    @SuppressWarnings("static") // Traces' methods are static; the injected instance is a handle to them
    public String withManualChild() {
        try (Span child = traces.startSpan("manual child")) {
            return child.traceId();
        }
    }
}
