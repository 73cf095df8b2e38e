package io.github.sentryjakarta.jaxrs.spi;

import io.github.sentryjakarta.integration.CapturedContext;

/**
 * The trace context of the thread that built a client request, kept in a request property for clients that
 * run their filters on another thread ({@code .async()}, {@code .rx()}, MicroProfile REST Client methods that
 * return a {@code CompletionStage}): the client span is then started in the caller's context instead of in
 * whatever the client's executor thread holds.
 *
 * <p>Not API: public for the runtime adapters (see the package).
 *
 * @param snapshot the caller's trace context
 * @param thread the caller's thread: filters running there read the current span, as for a synchronous call
 */
public record CallerContext(CapturedContext snapshot, Thread thread) {

    /** The client request property that holds it. */
    public static final String PROPERTY = "io.github.sentryjakarta.jaxrs.CallerContext";

    /** @return the caller's context of this request, or {@code null} where it should not (or cannot) apply */
    public static CapturedContext elsewhere(Object property) {
        return property instanceof CallerContext caller && caller.thread() != Thread.currentThread()
                ? caller.snapshot() : null;
    }
}
