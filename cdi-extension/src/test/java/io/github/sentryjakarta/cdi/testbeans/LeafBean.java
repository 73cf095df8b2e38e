package io.github.sentryjakarta.cdi.testbeans;

import io.github.sentryjakarta.cdi.SentrySpan;
import jakarta.enterprise.context.Dependent;

/** The end of the chain; a dependent bean to cover that scope too. */
@Dependent
public class LeafBean {

    @SentrySpan("leaf")
    public String leaf() {
        return "leaf";
    }
}
