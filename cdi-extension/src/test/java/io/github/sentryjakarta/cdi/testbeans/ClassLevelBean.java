package io.github.sentryjakarta.cdi.testbeans;

import io.github.sentryjakarta.cdi.SentrySpan;
import jakarta.enterprise.context.ApplicationScoped;

/** A binding on the type traces every business method; a method-level one wins. */
@ApplicationScoped
@SentrySpan(op = "service")
public class ClassLevelBean {

    public int first() {
        return 1;
    }

    public int second() {
        return 2;
    }

    @SentrySpan(value = "overridden", op = "special")
    public int third() {
        return 3;
    }
}
