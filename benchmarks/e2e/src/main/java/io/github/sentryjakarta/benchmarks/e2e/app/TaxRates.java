package io.github.sentryjakarta.benchmarks.e2e.app;

import io.github.sentryjakarta.cdi.SentrySpan;
import jakarta.enterprise.context.ApplicationScoped;

/** Span "TaxRates.percent". */
@ApplicationScoped
public class TaxRates {

    /** @return the tax rate in percent */
    @SentrySpan
    public int percent(String order) {
        return 10 + (order.hashCode() & 7);
    }
}
