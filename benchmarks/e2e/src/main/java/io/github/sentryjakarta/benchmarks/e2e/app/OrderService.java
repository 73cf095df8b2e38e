package io.github.sentryjakarta.benchmarks.e2e.app;

import io.github.sentryjakarta.cdi.SentrySpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Looks an order up: span "OrderService.find", with a child span for the repository. */
@ApplicationScoped
public class OrderService {

    @Inject
    OrderRepository repository;

    /** @return the order's description */
    @SentrySpan
    public String find(long id) {
        return repository.load(id);
    }
}
