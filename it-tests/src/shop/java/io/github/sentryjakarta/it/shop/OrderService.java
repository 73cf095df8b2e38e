package io.github.sentryjakarta.it.shop;

import io.github.sentryjakarta.cdi.SentrySpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Business logic: span {@code OrderService.describe}, whose child is the repository's {@code SELECT orders}. */
@ApplicationScoped
public class OrderService {

    @Inject
    OrderRepository repository;

    @SentrySpan
    public String describe(long id) {
        return "order " + id + " for " + repository.customer(id);
    }

    @SentrySpan(value = "render invoice", op = "template")
    public String invoice(long id) {
        throw new IllegalStateException("invoice template missing for order " + id);
    }
}
