package io.github.sentryjakarta.jaxrs.app;

import io.github.sentryjakarta.cdi.SentrySpan;
import jakarta.enterprise.context.ApplicationScoped;

/** A bean whose traced method fails: the error happens inside its span. */
@ApplicationScoped
public class InvoiceService {

    @SentrySpan(value = "render invoice", op = "template")
    public String render(String token) {
        throw new IllegalStateException("invoice template missing for " + token);
    }
}
