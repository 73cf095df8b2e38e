package io.github.sentryjakarta.cdi.testbeans;

import io.github.sentryjakarta.cdi.SentrySpan;
import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.Traces;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Bindings on single methods. */
@ApplicationScoped
public class MethodLevelBean {

    @SentrySpan
    public String work() {
        return "worked";
    }

    @SentrySpan(value = "load orders", op = "db.query")
    public void named() {
    }

    /** Not annotated: no span. */
    public String untraced() {
        return "untraced";
    }

    /** Reports the span current inside the method body. */
    @SentrySpan
    public Optional<Span> currentInside() {
        return Traces.currentSpan();
    }

    /** Calls an annotated method of this same bean through {@code this}: not intercepted. */
    @SentrySpan
    public String callsItself() {
        return work();
    }
}
