package io.github.sentryjakarta.internal.outcome;

/**
 * Why a span or transaction was not delivered, as Sentry's client reports name it.
 */
public enum DiscardReason {
    /** Not sampled. */
    SAMPLE_RATE("sample_rate"),
    /** Matched {@code sentry.ignore-spans}. */
    IGNORED("ignored"),
    /** A buffer bound was reached: per trace, all traces, {@code sentry.max-spans}, or an unfinished child. */
    BUFFER_OVERFLOW("buffer_overflow"),
    /** The transport's envelope queue was full, or the library was closed. */
    QUEUE_OVERFLOW("queue_overflow"),
    /** Dropped because Sentry asked us to back off. */
    RATELIMIT_BACKOFF("ratelimit_backoff"),
    /** The request failed: I/O error, timeout, a non-2xx status other than 413 and 429 (a 429 is Sentry's to count). */
    NETWORK_ERROR("network_error"),
    /** Sentry refused the envelope as too large (413). */
    SEND_ERROR("send_error"),
    /** The application's {@code BeforeSendEvent} dropped the event. */
    BEFORE_SEND("before_send");

    private final String wireName;

    DiscardReason(String wireName) {
        this.wireName = wireName;
    }

    /** @return the value in a client report */
    public String wireName() {
        return wireName;
    }
}
