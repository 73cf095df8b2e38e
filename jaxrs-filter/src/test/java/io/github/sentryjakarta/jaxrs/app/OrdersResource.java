package io.github.sentryjakarta.jaxrs.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Class-level and method-level paths, a parameter with a regex, and a sub-resource locator. A CDI bean. */
@ApplicationScoped
@Path("/orders")
public class OrdersResource {

    @GET
    public String list() {
        return "orders";
    }

    @GET
    @Path("{id: [0-9a-z-]+}")
    public String order(@PathParam("id") String id) {
        return "order " + id;
    }

    @Path("/{id}/items/")
    public ItemsResource items(@PathParam("id") String id) {
        return new ItemsResource(id);
    }

    /** What trace headers reached this service. */
    @GET
    @Path("/headers/echo")
    public String headers(@HeaderParam("sentry-trace") String sentryTrace, @HeaderParam("baggage") String baggage,
            @HeaderParam("traceparent") String traceparent) {
        return "sentry-trace=" + sentryTrace + "\nbaggage=" + baggage + "\ntraceparent=" + traceparent;
    }
}
