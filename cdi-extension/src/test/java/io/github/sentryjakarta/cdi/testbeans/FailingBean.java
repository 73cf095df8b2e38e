package io.github.sentryjakarta.cdi.testbeans;

import io.github.sentryjakarta.cdi.SentrySpan;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;

/** Throws what it is given. */
@ApplicationScoped
public class FailingBean {

    @SentrySpan
    public void failUnchecked(RuntimeException e) {
        throw e;
    }

    /** Throws {@code e} unless it is {@code null}. */
    @SentrySpan
    public void failIfGiven(RuntimeException e) {
        if (e != null) {
            throw e;
        }
    }

    @SentrySpan
    public void failChecked(IOException e) throws IOException {
        throw e;
    }
}
