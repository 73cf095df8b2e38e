package io.github.sentryjakarta.it.shop;

import io.github.sentryjakarta.Traces;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The hand-offs of work to other threads that every runtime of the shop offers: a task on the runtime's default
 * managed executor ({@code executor}), a {@code supplyAsync(..).thenApplyAsync(..)} chain on it returned as the
 * resource's {@code CompletionStage} ({@code chain}), and the common pool through {@code Traces.wrap}
 * ({@code common}, which no container propagates). The subclass, {@code @Path("/work")}, names the runtime's executor
 * (Jakarta Concurrency's {@code ManagedExecutorService} on the servers, MicroProfile Context Propagation's
 * {@code ManagedExecutor} on Quarkus) and adds the hand-offs only its runtime has.
 */
public abstract class AbstractWorkResource {

    protected static final long WAIT_SECONDS = 20;

    @Inject
    protected Worker worker;

    /** The runtime's default managed executor. */
    protected abstract ExecutorService managedExecutor();

    /** {@code supplyAsync} of {@link #managedExecutor()}: later async stages default to that executor too. */
    protected abstract <T> CompletableFuture<T> supplyAsync(Supplier<T> task);

    @GET
    @Path("/executor/{id}")
    public String executor(@PathParam("id") long id) throws Exception {
        return managedExecutor().submit(() -> worker.step(id)).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** A {@code CompletionStage} resource: the response is written when the chain completes. */
    @GET
    @Path("/chain/{id}")
    public CompletionStage<String> chain(@PathParam("id") long id) {
        return supplyAsync(() -> worker.step(id)).thenApplyAsync(result -> worker.polish(id, result));
    }

    @GET
    @Path("/common/{id}")
    public CompletionStage<String> commonPool(@PathParam("id") long id) {
        return CompletableFuture.supplyAsync(() -> worker.step(id), Traces.wrap(ForkJoinPool.commonPool()));
    }

    /** Runs a contextual task (a context service's proxy) on a thread no container manages. */
    protected static String onPlainThread(Callable<String> contextual) throws Exception {
        FutureTask<String> task = new FutureTask<>(contextual);
        Thread thread = new Thread(task, "plain thread");
        thread.start();
        return task.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
