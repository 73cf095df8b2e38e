package io.github.sentryjakarta;

import io.github.sentryjakarta.core.SentryRuntime;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The entry point for creating spans and propagating traces.
 *
 * <pre>{@code
 * try (Span span = Traces.startSpan("load orders")) {
 *     span.setAttribute("rows", 3);
 *     ...
 * }
 * }</pre>
 *
 * <p>Every method is static and delegates to the library's installed runtime; where CDI runs, an instance
 * can also be injected ({@code @Inject Traces traces}) for code that prefers injection. Until the library is
 * configured, spans are created with ids but record nothing.
 */
public final class Traces {

    /** For CDI, which injects an instance; all methods are static. */
    public Traces() {
    }

    /** Starts a span, child of the current span or else a new local root, and makes it current. */
    public static Span startSpan(String name) {
        return SentryRuntime.current().startSpan(name);
    }

    /** @return a builder for a span with an explicit parent, no parent, attributes or inactive */
    public static SpanBuilder spanBuilder(String name) {
        return SentryRuntime.current().spanBuilder(name);
    }

    /** @return the span current on this thread */
    public static Optional<Span> currentSpan() {
        return SentryRuntime.current().currentSpan();
    }

    /**
     * Sends {@code exception} to Sentry as an error event (handled), linked to the span where it was recorded or
     * else to the current span. An exception is sent once, however often it is passed here or on.
     *
     * @return the event id, or empty when nothing is sent (library off, captured already)
     */
    public static Optional<String> captureException(Throwable exception) {
        return SentryRuntime.current().captureException(exception);
    }

    /**
     * Continues an incoming trace on this thread from its {@code sentry-trace}, {@code baggage} and
     * {@code traceparent} headers. Malformed headers start a new trace; nothing here ever throws.
     *
     * @param headerLookup returns the value of a header by its lowercase name, or {@code null}
     */
    public static void continueTrace(Function<String, String> headerLookup) {
        SentryRuntime.current().continueTrace(headerLookup);
    }

    /** Leaves the continued trace: the next span without a parent starts a new trace. */
    public static void newTrace() {
        SentryRuntime.current().newTrace();
    }

    /**
     * @return the headers to add to an outgoing call so that the callee continues this trace: the current span's,
     *     else the continued trace's. With neither, each call starts a trace of its own (nothing is pinned to a
     *     pooled thread): start a span around related calls to group them.
     */
    public static Map<String, String> propagationHeaders() {
        return SentryRuntime.current().propagationHeaders();
    }
}
