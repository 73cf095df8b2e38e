package io.github.sentryjakarta.benchmarks.e2e.app;

import io.github.sentryjakarta.cdi.SentrySpan;
import jakarta.enterprise.context.ApplicationScoped;

/** Stands in for a database: span "load order" ({@code db}), no I/O. */
@ApplicationScoped
public class OrderRepository {

    /** @return the order's description */
    @SentrySpan(value = "load order", op = "db")
    public String load(long id) {
        return "order-" + id;
    }
}
