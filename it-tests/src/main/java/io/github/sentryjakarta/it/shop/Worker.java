package io.github.sentryjakarta.it.shop;

import io.github.sentryjakarta.SentrySpan;
import jakarta.enterprise.context.ApplicationScoped;

/** Work done on other threads: spans {@code Worker.step} and {@code Worker.polish}. */
@ApplicationScoped
public class Worker {

    @SentrySpan
    public String step(long id) {
        return "step " + id + " on " + Thread.currentThread().getName();
    }

    @SentrySpan
    public String polish(String result) {
        return result + ", polished";
    }
}
