package io.github.sentryjakarta.internal.error;

import io.github.sentryjakarta.internal.span.EventTraceContext;
import io.github.sentryjakarta.internal.span.HttpRequestData;
import java.util.Map;

/**
 * One captured error, as the application thread took it: the exception itself (its chain and frames are
 * read later, on the sender thread), how it was caught, when, the span it happened in, and the request it
 * failed. Immutable; the event JSON is written from it by {@link EventPreparer} and the envelope encoder.
 *
 * @param eventId 32 hex digits
 * @param timestampMillis when it was captured, milliseconds since the epoch
 * @param throwable the exception
 * @param handled {@code false} for an exception that left a request unmapped
 * @param mechanism how it was captured: {@code generic} by {@code Traces.captureException}, the origin of the
 *     integration otherwise (e.g. {@code auto.http.jakarta_rest.server})
 * @param trace the span it is linked to; {@code null} when no span was current
 * @param request the request it failed, or {@code null}
 * @param headers the request's headers, only with {@code sentry.send-default-pii} and never credentials; else empty
 */
public record ErrorEvent(String eventId, long timestampMillis, Throwable throwable, boolean handled, String mechanism,
        EventTraceContext trace, HttpRequestData request, Map<String, String> headers) {
}
