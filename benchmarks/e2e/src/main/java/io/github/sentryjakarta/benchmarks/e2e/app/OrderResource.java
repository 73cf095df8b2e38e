package io.github.sentryjakarta.benchmarks.e2e.app;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code GET /orders/{id}}: the server span plus five {@code @SentrySpan} beans, six spans per request. The
 * work is deliberately small (a few string operations), so the library's share of each request is visible.
 */
@Path("/orders")
@RequestScoped
public class OrderResource {

    /** Requests served since start: the benchmark multiplies it by six to know how many spans were created. */
    public static final LongAdder SERVED = new LongAdder();

    @Inject
    OrderService orders;

    @Inject
    Pricing pricing;

    @Inject
    Renderer renderer;

    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_PLAIN)
    public String get(@PathParam("id") long id) {
        try {
            String order = orders.find(id);
            long cents = pricing.price(order);
            return renderer.render(order, cents);
        } finally {
            SERVED.increment();
        }
    }
}
