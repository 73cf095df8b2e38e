package io.github.sentryjakarta.it.shop;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Nothing here mentions Sentry: the request span comes from the library's filters, the rest from beans. */
@RequestScoped
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

    /** Always fails with an exception no mapper handles: the server answers 500. */
    @GET
    @Path("/{id}/invoice")
    public String invoice(@PathParam("id") long id) {
        return orders.invoice(id);
    }
}
