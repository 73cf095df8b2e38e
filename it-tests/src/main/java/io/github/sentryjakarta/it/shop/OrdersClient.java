package io.github.sentryjakarta.it.shop;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletionStage;

/**
 * A MicroProfile Rest Client interface for {@link OrdersResource}, with a method returning {@code CompletionStage}.
 * No {@code @Path} on the interface: Jersey (Payara) would take it for a second root resource matching the same
 * requests and refuse the application.
 */
public interface OrdersClient {

    @GET
    @Path("/orders/{id}")
    @Produces(MediaType.TEXT_PLAIN)
    CompletionStage<String> order(@PathParam("id") long id);
}
