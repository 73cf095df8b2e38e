package io.github.sentryjakarta.benchmarks.e2e.app;

import io.github.sentryjakarta.cdi.SentrySpan;
import jakarta.enterprise.context.ApplicationScoped;

/** Span "render" ({@code template}). */
@ApplicationScoped
public class Renderer {

    /** @return the response body */
    @SentrySpan(value = "render", op = "template")
    public String render(String order, long cents) {
        return order + ": " + cents / 100 + "." + (cents % 100 < 10 ? "0" : "") + cents % 100 + "\n";
    }
}
