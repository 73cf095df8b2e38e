package io.github.sentryjakarta.example.app;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.Traces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.math.BigDecimal;

/**
 * The server filter gives every request a span named after its route ({@code GET /orders/{id}}); nothing here
 * mentions Sentry except the one hand-made span.
 */
@ApplicationScoped
@Path("/orders")
@Produces(MediaType.TEXT_PLAIN)
public class OrdersResource {

    @Inject
    OrderService orders;

    @Inject
    PricingClient pricing;

    @GET
    @Path("/{id}")
    public String order(@PathParam("id") long id) {
        Order order = orders.find(id).orElseThrow(() -> new NotFoundException("no order " + id));
        return "order " + order.id() + " for " + order.customer() + ": " + order.lines().size() + " lines";
    }

    /** Prices an order by calling the pricing service over HTTP: the trace continues there. */
    @GET
    @Path("/{id}/price")
    public String price(@PathParam("id") long id, @Context UriInfo uri) {
        Order order = orders.find(id).orElseThrow(() -> new NotFoundException("no order " + id));
        orders.inStock(order);
        try (Span span = Traces.startSpan("price order")) {          // child of the request's span
            span.setAttribute("order.id", id);
            span.setAttribute("order.lines", order.lines().size());
            BigDecimal total = BigDecimal.ZERO;
            for (Order.Line line : order.lines()) {
                BigDecimal unit = pricing.unitPrice(uri.getBaseUri(), line.sku()); // a client span, then the pricing server span
                total = total.add(unit.multiply(BigDecimal.valueOf(line.quantity())));
            }
            span.setAttribute("order.total", total.doubleValue());
            span.setAttribute("order.currency", "EUR");
            return "order " + id + ": " + total + " EUR";
        }
    }
}
