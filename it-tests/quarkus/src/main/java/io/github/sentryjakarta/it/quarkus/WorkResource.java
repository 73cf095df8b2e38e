package io.github.sentryjakarta.it.quarkus;

import io.github.sentryjakarta.it.shop.AbstractWorkResource;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;

/**
 * Hands work to other threads the ways a Quarkus application does (MicroProfile Context Propagation's
 * {@code ManagedExecutor} for the shop's {@link AbstractWorkResource} hand-offs, and {@code ThreadContext}), with no
 * Sentry code; the WAR's {@code WorkResource} is the servers' counterpart.
 */
@Path("/work")
@Produces(MediaType.TEXT_PLAIN)
public class WorkResource extends AbstractWorkResource {

    @Inject
    ManagedExecutor executor;

    @Inject
    ThreadContext threadContext;

    @Override
    protected ExecutorService managedExecutor() {
        return executor;
    }

    @Override
    protected <T> CompletableFuture<T> supplyAsync(Supplier<T> task) {
        return executor.supplyAsync(task);
    }

    /** A contextual callable run on a thread no container manages. */
    @GET
    @Path("/context/{id}")
    public String contextual(@PathParam("id") long id) throws Exception {
        return onPlainThread(threadContext.contextualCallable(() -> worker.step(id)));
    }
}
