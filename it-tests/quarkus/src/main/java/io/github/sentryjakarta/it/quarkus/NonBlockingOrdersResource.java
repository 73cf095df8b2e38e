package io.github.sentryjakarta.it.quarkus;

import io.github.sentryjakarta.it.shop.OrderService;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The shop's {@code GET /api/orders/{id}} on the Vert.x event loop, the one Quarkus-only route of the shop.
 *
 * <p>Quarkus REST runs a blocking resource method (the default for a non-reactive return type, as the shop's
 * {@code OrdersResource}) on a worker thread ({@code executor-thread-N}), after the pre-matching filters ran on the
 * event loop; a {@link NonBlocking} one runs on the event loop like the filters: no thread switch between the
 * library's filters and the resource method.
 */
@Path("/orders/{id}/nonblocking")
@Produces(MediaType.TEXT_PLAIN)
public class NonBlockingOrdersResource {

    @Inject
    OrderService orders;

    @GET
    @NonBlocking
    public String order(@PathParam("id") long id) {
        return orders.describe(id);
    }
}
