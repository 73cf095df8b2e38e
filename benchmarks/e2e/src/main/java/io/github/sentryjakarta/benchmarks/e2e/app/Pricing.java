package io.github.sentryjakarta.benchmarks.e2e.app;

import io.github.sentryjakarta.cdi.SentrySpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Prices an order: span "Pricing.price", with a child span for the tax rate. */
@ApplicationScoped
public class Pricing {

    @Inject
    TaxRates taxes;

    /** @return the price in cents */
    @SentrySpan
    public long price(String order) {
        return order.length() * 1000L * (100 + taxes.percent(order)) / 100;
    }
}
