package io.github.sentryjakarta.it.shop;

import jakarta.enterprise.concurrent.Asynchronous;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;

/** Jakarta Concurrency 3.0 {@code @Asynchronous}: on the default managed executor, or on the one it names. */
@ApplicationScoped
public class AsyncWorker {

    @Inject
    Worker worker;

    @Asynchronous
    public CompletableFuture<String> step(long id) {
        return Asynchronous.Result.complete(worker.step(id));
    }

    /** On the application's own executor ({@link EjbWorker#TRACED_EXECUTOR}, whose context service it defines). */
    @Asynchronous(executor = EjbWorker.TRACED_EXECUTOR)
    public CompletableFuture<String> stepOnTracedExecutor(long id) {
        return Asynchronous.Result.complete(worker.step(id));
    }
}
