package io.github.sentryjakarta.it.shop;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * Hands work to other threads the ways Jakarta EE applications do, with no Sentry code (the shop's
 * {@link AbstractWorkResource} adds the default executor, a chain on it and the common pool). Each request's trace
 * must hold exactly its own spans.
 */
@RequestScoped
@Path("/work")
@Produces(MediaType.TEXT_PLAIN)
public class WorkResource extends AbstractWorkResource {

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    ContextService contextService;

    @Resource(lookup = EjbWorker.TRACED_CONTEXT)
    ContextService tracedContext;

    @Resource(lookup = EjbWorker.TRACED_EXECUTOR)
    ManagedExecutorService tracedExecutor;

    @Inject
    AsyncWorker asyncWorker;

    @Inject
    EjbWorker ejbWorker;

    @Context
    UriInfo uriInfo;

    private Client client;

    @Override
    protected ExecutorService managedExecutor() {
        return executor;
    }

    @Override
    protected <T> CompletableFuture<T> supplyAsync(Supplier<T> task) {
        return executor.supplyAsync(task);
    }

    @GET
    @Path("/scheduled/{id}")
    public String scheduled(@PathParam("id") long id) throws Exception {
        return scheduler.schedule(() -> worker.step(id), 1, TimeUnit.MILLISECONDS).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** A contextual proxy of the default {@code ContextService}, run on a thread no container manages. */
    @GET
    @Path("/context/{id}")
    public String contextService(@PathParam("id") long id) throws Exception {
        return onPlainThread(contextService.contextualCallable(() -> worker.step(id)));
    }

    /** The same with the application's own {@code @ContextServiceDefinition} (all remaining context propagated). */
    @GET
    @Path("/definedcontext/{id}")
    public String definedContextService(@PathParam("id") long id) throws Exception {
        return onPlainThread(tracedContext.contextualCallable(() -> worker.step(id)));
    }

    /** A task on the application's own {@code @ManagedExecutorDefinition} (using that context service). */
    @GET
    @Path("/definedexecutor/{id}")
    public String definedExecutor(@PathParam("id") long id) throws Exception {
        return tracedExecutor.submit(() -> worker.step(id)).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @GET
    @Path("/asynchronous/{id}")
    public String asynchronous(@PathParam("id") long id) throws Exception {
        return asyncWorker.step(id).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @GET
    @Path("/definedasynchronous/{id}")
    public String definedAsynchronous(@PathParam("id") long id) throws Exception {
        return asyncWorker.stepOnTracedExecutor(id).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Two async client calls to this application ({@code .async()} and {@code .rx()}), joined. */
    @GET
    @Path("/client/{id}")
    public String asyncClient(@PathParam("id") long id) throws Exception {
        client = ClientBuilder.newClient();
        return callTwice(id);
    }

    /** The same, with the client's executor set to the application's own managed executor. */
    @GET
    @Path("/definedclient/{id}")
    public String asyncClientOnTracedExecutor(@PathParam("id") long id) throws Exception {
        client = ClientBuilder.newBuilder().executorService(tracedExecutor).build();
        return callTwice(id);
    }

    private String callTwice(long id) throws Exception {
        WebTarget order = client.target(uriInfo.getBaseUri()).path("orders").path(String.valueOf(id));
        CompletableFuture<String> viaRx = order.request().rx().get(String.class).toCompletableFuture();
        String viaAsync = order.request().async().get(String.class).get(WAIT_SECONDS, TimeUnit.SECONDS);
        return viaAsync + " | " + viaRx.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** A MicroProfile Rest Client method returning {@code CompletionStage}, to this application. */
    @GET
    @Path("/restclient/{id}")
    public String restClient(@PathParam("id") long id) throws Exception {
        OrdersClient orders = RestClientBuilder.newBuilder().baseUri(uriInfo.getBaseUri()).build(OrdersClient.class);
        try {
            return orders.order(id).toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } finally {
            ((AutoCloseable) orders).close();
        }
    }

    @GET
    @Path("/ejb/{id}")
    public String ejbAsynchronous(@PathParam("id") long id) throws Exception {
        return ejbWorker.step(id).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
