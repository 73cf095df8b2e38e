package io.github.sentryjakarta.it.shop;

import io.github.sentryjakarta.cdi.SentrySpan;
import io.github.sentryjakarta.Traces;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Work done on other threads: spans {@code Worker.step} and {@code Worker.polish}, each with the {@code work.id} of
 * the request it belongs to, so that a span in another request's trace shows.
 */
@ApplicationScoped
public class Worker {

    @SentrySpan
    public String step(long id) {
        Traces.currentSpan().ifPresent(span -> span.setAttribute("work.id", id));
        return "step " + id + " on " + Thread.currentThread().getName();
    }

    @SentrySpan
    public String polish(long id, String result) {
        Traces.currentSpan().ifPresent(span -> span.setAttribute("work.id", id));
        return result + ", polished";
    }
}
