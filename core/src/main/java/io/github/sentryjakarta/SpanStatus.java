package io.github.sentryjakarta;

/**
 * The outcome of a span, as Sentry's span protocol knows it.
 */
public enum SpanStatus {
    /** The operation succeeded (the default). */
    OK("ok"),
    /** The operation failed: an exception, or an HTTP status of 400 or more. */
    ERROR("error");

    private final String wireName;

    SpanStatus(String wireName) {
        this.wireName = wireName;
    }

    /** @return the value sent to Sentry, {@code ok} or {@code error} */
    public String wireName() {
        return wireName;
    }
}
