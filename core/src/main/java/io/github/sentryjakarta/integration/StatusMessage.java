package io.github.sentryjakarta.integration;

import io.github.sentryjakarta.SpanStatus;

/**
 * Sentry's finer span statuses ({@code not_found}, {@code internal_error}, ...), the vocabulary of transaction
 * events and of the {@value #ATTRIBUTE} attribute of streamed spans. HTTP codes map as Sentry's JavaScript SDK
 * maps them ({@code getSpanStatusFromHttpCode}), so that the same request reads the same in every SDK.
 */
public final class StatusMessage {

    /** The span attribute holding the finer status of an {@code error} span. */
    public static final String ATTRIBUTE = "sentry.status.message";

    /** The finer status of a failure without an HTTP code (an exception). */
    public static final String INTERNAL_ERROR = "internal_error";

    private StatusMessage() {
    }

    /** @return the finer status of an HTTP response code, or {@code null} below 400 (the span is {@code ok}) */
    public static String ofHttpStatus(int code) {
        if (code >= 100 && code < 400) {
            return null;
        }
        if (code >= 400 && code < 500) {
            return switch (code) {
                case 401 -> "unauthenticated";
                case 403 -> "permission_denied";
                case 404 -> "not_found";
                case 409 -> "already_exists";
                case 413 -> "failed_precondition";
                case 429 -> "resource_exhausted";
                case 499 -> "cancelled";
                default -> "invalid_argument";
            };
        }
        if (code >= 500 && code < 600) {
            return switch (code) {
                case 501 -> "unimplemented";
                case 503 -> "unavailable";
                case 504 -> "deadline_exceeded";
                default -> INTERNAL_ERROR;
            };
        }
        return "unknown_error";
    }

    /**
     * @return the status a transaction event (or an error event's trace context) gives a span: {@code ok}, or
     *     for an {@code error} span its {@value #ATTRIBUTE}, else {@code internal_error}, since that vocabulary
     *     has no plain "error"
     */
    public static String forEvent(SpanStatus status, Object message) {
        if (status != SpanStatus.ERROR) {
            return status == null ? null : status.wireName();
        }
        return message instanceof String text && !text.isEmpty() ? text : INTERNAL_ERROR;
    }
}
