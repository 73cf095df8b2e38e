package io.github.sentryjakarta.cdi.testbeans;

import io.github.sentryjakarta.cdi.SentrySpan;

/** Not a bean itself: its subclasses inherit the binding ({@code @SentrySpan} is {@code @Inherited}). */
@SentrySpan(op = "inherited")
public abstract class TracedBase {

    public String inheritedMethod() {
        return "base";
    }
}
