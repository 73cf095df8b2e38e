package io.github.sentryjakarta.it.quarkus;

import io.github.sentryjakarta.Traces;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;

/**
 * Hands work to other threads the ways a Quarkus application does (MicroProfile Context Propagation's
 * {@code ManagedExecutor} and {@code ThreadContext}), with no Sentry code except for the common pool
 * ({@code Traces.wrap}), which no container propagates. Mirrors the WAR's {@code WorkResource}.
 */
@Path("/work")
@Produces(MediaType.TEXT_PLAIN)
public class WorkResource {

    private static final long WAIT_SECONDS = 20;

    @Inject
    ManagedExecutor executor;

    @Inject
    ThreadContext threadContext;

    @Inject
    Worker worker;

    @GET
    @Path("/executor/{id}")
    public String executor(@PathParam("id") long id) throws Exception {
        return executor.submit(() -> worker.step(id)).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** A {@code CompletionStage} resource: the response is written when the chain completes. */
    @GET
    @Path("/chain/{id}")
    public CompletionStage<String> chain(@PathParam("id") long id) {
        return executor.supplyAsync(() -> worker.step(id)).thenApplyAsync(result -> worker.polish(id, result));
    }

    @GET
    @Path("/common/{id}")
    public CompletionStage<String> commonPool(@PathParam("id") long id) {
        return CompletableFuture.supplyAsync(() -> worker.step(id), Traces.wrap(ForkJoinPool.commonPool()));
    }

    /** A contextual callable run on a thread no container manages. */
    @GET
    @Path("/context/{id}")
    public String contextual(@PathParam("id") long id) throws Exception {
        java.util.concurrent.Callable<String> task = threadContext.contextualCallable(() -> worker.step(id));
        java.util.concurrent.FutureTask<String> future = new java.util.concurrent.FutureTask<>(task);
        new Thread(future, "plain thread").start();
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
