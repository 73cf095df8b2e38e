package io.github.sentryjakarta.it.shop;

import jakarta.enterprise.concurrent.Asynchronous;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;

/** Jakarta Concurrency 3.0 {@code @Asynchronous}: runs on the default managed executor. */
@ApplicationScoped
public class AsyncWorker {

    @Inject
    Worker worker;

    @Asynchronous
    public CompletableFuture<String> step(long id) {
        return Asynchronous.Result.complete(worker.step(id));
    }
}
