package io.github.sentryjakarta.internal.outcome;

/**
 * Sentry's data categories this library sends and rate limits apply to.
 */
public enum DataCategory {
    /** Spans, streamed or inside a transaction. */
    SPAN("span"),
    /** Transaction events (static lifecycle). */
    TRANSACTION("transaction"),
    /** Client reports themselves. */
    CLIENT_REPORT("client_report"),
    /** Error events. */
    ERROR("error");

    private final String wireName;

    DataCategory(String wireName) {
        this.wireName = wireName;
    }

    /** @return the category name on the wire */
    public String wireName() {
        return wireName;
    }
}
