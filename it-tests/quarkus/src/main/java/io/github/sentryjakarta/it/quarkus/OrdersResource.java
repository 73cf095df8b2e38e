package io.github.sentryjakarta.it.quarkus;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Nothing here mentions Sentry: the request span comes from the library's filters, the rest from beans.
 *
 * <p>Quarkus REST runs a blocking resource method (the default for a non-reactive return type) on a worker thread
 * ({@code executor-thread-N}), after the pre-matching filters ran on the Vert.x event loop; a {@link NonBlocking}
 * one runs on the event loop like the filters. The same business call is offered both ways.
 */
@Path("/orders")
@Produces(MediaType.TEXT_PLAIN)
public class OrdersResource {

    @Inject
    OrderService orders;

    @GET
    @Path("/{id}")
    public String order(@PathParam("id") long id) {
        return orders.describe(id);
    }

    /** The same on the event loop: no thread switch between the library's filters and the resource method. */
    @GET
    @Path("/{id}/nonblocking")
    @NonBlocking
    public String orderOnTheEventLoop(@PathParam("id") long id) {
        return orders.describe(id);
    }

    /** Always fails with an exception no mapper of the application handles: Quarkus answers 500. */
    @GET
    @Path("/{id}/invoice")
    public String invoice(@PathParam("id") long id) {
        return orders.invoice(id);
    }
}
