package io.github.sentryjakarta.it.shop;

import io.github.sentryjakarta.cdi.SentrySpan;
import jakarta.enterprise.context.ApplicationScoped;

/** The "database". */
@ApplicationScoped
public class OrderRepository {

    @SentrySpan(value = "SELECT orders", op = "db")
    public String customer(long id) {
        return id % 2 == 0 ? "grace" : "ada";
    }
}
