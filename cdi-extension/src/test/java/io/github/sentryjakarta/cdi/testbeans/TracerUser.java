package io.github.sentryjakarta.cdi.testbeans;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.Tracer;
import io.github.sentryjakarta.cdi.SentrySpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Uses an injected {@link Tracer} inside an intercepted method. */
@ApplicationScoped
public class TracerUser {

    @Inject
    Tracer tracer;

    @SentrySpan("with manual child")
    public String withManualChild() {
        try (Span child = tracer.startSpan("manual child")) {
            return child.traceId();
        }
    }
}
