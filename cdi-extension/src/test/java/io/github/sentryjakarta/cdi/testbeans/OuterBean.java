package io.github.sentryjakarta.cdi.testbeans;

import io.github.sentryjakarta.cdi.SentrySpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Calls {@link InnerBean}: the spans nest. */
@ApplicationScoped
public class OuterBean {

    @Inject
    InnerBean inner;

    @SentrySpan("outer")
    public String outer() {
        return inner.middle();
    }
}
