package io.github.sentryjakarta.example.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * "Another service" (deployed in the same application for the demo, but called over real HTTP): its
 * request span continues the caller's trace from the {@code sentry-trace} and {@code baggage} headers.
 */
@ApplicationScoped
@Path("/pricing")
@Produces(MediaType.TEXT_PLAIN)
public class PricingResource {

    private static final Map<String, String> PRICES = Map.of("book", "12.50", "pen", "1.20", "laptop", "999.00");

    @GET
    @Path("/{sku}")
    public String unitPrice(@PathParam("sku") String sku) {
        String price = PRICES.get(sku);
        if (price == null) {
            throw new NotFoundException("no price for " + sku);
        }
        return price;
    }
}
