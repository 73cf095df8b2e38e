package io.github.sentryjakarta.example.app;

import io.github.sentryjakarta.cdi.SentrySpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** Business logic; each annotated method becomes a child span of whatever span is current. */
@ApplicationScoped
public class OrderService {

    @Inject
    OrderRepository repository;

    /** Span "OrderService.find", {@code sentry.op = function}. */
    @SentrySpan
    public Optional<Order> find(long id) {
        return repository.select(id);
    }

    /** Span "check stock", {@code sentry.op = db}. */
    @SentrySpan(value = "check stock", op = "db")
    public boolean inStock(Order order) {
        OrderRepository.pause(1);
        return !order.lines().isEmpty();
    }
}
