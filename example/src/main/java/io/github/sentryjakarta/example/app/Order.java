package io.github.sentryjakarta.example.app;

import java.util.List;

/** An order and its lines. */
public record Order(long id, String customer, List<Line> lines) {

    /** One line of an order. */
    public record Line(String sku, int quantity) {
    }
}
