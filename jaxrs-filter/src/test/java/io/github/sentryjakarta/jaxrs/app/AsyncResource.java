package io.github.sentryjakarta.jaxrs.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Resources that answer later, from a thread the test chooses. */
@ApplicationScoped
@Path("/async")
public class AsyncResource {

    @GET
    @Path("/suspend/{token}")
    public void suspend(@PathParam("token") String token, @Suspended AsyncResponse response) {
        Gates.Gate gate = Gates.gate(token);
        gate.response = response;
        gate.entered();
    }

    @GET
    @Path("/stage/{token}")
    public CompletionStage<String> stage(@PathParam("token") String token) {
        Gates.Gate gate = Gates.gate(token);
        CompletableFuture<String> future = new CompletableFuture<>();
        gate.stage = future;
        gate.entered();
        return future;
    }

    /** Resumed before the method even returns, on the container thread. */
    @GET
    @Path("/inline")
    public void inline(@Suspended AsyncResponse response) {
        response.resume("inline");
    }
}
