package io.github.sentryjakarta.example.app;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import java.math.BigDecimal;
import java.net.URI;

/** Calls the pricing service with the standard JAX-RS client; the library adds the span and trace headers. */
@ApplicationScoped
public class PricingClient {

    private Client client;

    @PostConstruct
    void open() {
        client = ClientBuilder.newClient();
    }

    /**
     * @param base the pricing service's base URI
     * @param sku  the product
     * @return its unit price
     */
    public BigDecimal unitPrice(URI base, String sku) {
        String price = client.target(base).path("pricing").path(sku).request().get(String.class);
        return new BigDecimal(price.trim());
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
