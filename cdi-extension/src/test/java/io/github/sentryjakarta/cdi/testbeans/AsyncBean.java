package io.github.sentryjakarta.cdi.testbeans;

import io.github.sentryjakarta.cdi.SentrySpan;
import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.Traces;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/** Returns stages that the test completes later, on another thread. */
@ApplicationScoped
public class AsyncBean {

    /** @return {@code result} itself; records the span current inside the method */
    @SentrySpan("async work")
    public CompletableFuture<String> later(CompletableFuture<String> result, AtomicReference<Span> current) {
        current.set(Traces.currentSpan().orElse(null));
        return result;
    }

    @SentrySpan("async stage")
    public CompletionStage<String> stage(CompletableFuture<String> result) {
        return result.thenApply(s -> s + "!");
    }
}
