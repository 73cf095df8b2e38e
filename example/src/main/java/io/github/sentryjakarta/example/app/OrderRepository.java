package io.github.sentryjakarta.example.app;

import io.github.sentryjakarta.cdi.SentrySpan;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The "database": an in-memory table, with a query that fails for one order. */
@ApplicationScoped
public class OrderRepository {

    /** The order whose query fails, to show an error span. */
    public static final long BROKEN_ORDER = 13;

    private static final Map<Long, Order> TABLE = Map.of(
            1L, new Order(1, "ada", List.of(new Order.Line("book", 2), new Order.Line("pen", 10))),
            2L, new Order(2, "grace", List.of(new Order.Line("laptop", 1))),
            BROKEN_ORDER, new Order(BROKEN_ORDER, "bob", List.of()));

    /**
     * A span named after the query, with {@code sentry.op = db}. Only calls through the bean reference are
     * intercepted, which is why the query lives in its own bean rather than in {@link OrderService}.
     */
    @SentrySpan(value = "SELECT orders", op = "db")
    public Optional<Order> select(long id) {
        pause(3);
        if (id == BROKEN_ORDER) {
            throw new IllegalStateException("deadlock detected while reading order " + id);
        }
        return Optional.ofNullable(TABLE.get(id));
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
