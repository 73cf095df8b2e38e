package io.github.sentryjakarta.cdi.testbeans;

import io.github.sentryjakarta.cdi.SentrySpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The middle and inner links of the chain. */
@ApplicationScoped
public class InnerBean {

    @Inject
    LeafBean leaf;

    @SentrySpan("middle")
    public String middle() {
        return leaf.leaf();
    }
}
