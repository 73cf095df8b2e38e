package io.github.sentryjakarta.jaxrs.app;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** A sub-resource, reached through {@link OrdersResource#items(String)}. */
public class ItemsResource {

    private final String orderId;

    public ItemsResource(String orderId) {
        this.orderId = orderId;
    }

    @GET
    @Path("{itemId: [0-9]+}")
    public String item(@PathParam("itemId") String itemId) {
        return "order " + orderId + " item " + itemId;
    }
}
