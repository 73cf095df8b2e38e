package io.github.sentryjakarta.cdi.testbeans;

import jakarta.enterprise.context.ApplicationScoped;

/** Gets {@code @SentrySpan} from {@link TracedBase}. */
@ApplicationScoped
public class InheritingBean extends TracedBase {

    public String ownMethod() {
        return "own";
    }
}
