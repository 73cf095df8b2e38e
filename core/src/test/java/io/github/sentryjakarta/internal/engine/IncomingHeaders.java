package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.Span;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * What the propagation properties feed a runtime: the three headers a request may carry, and the hex ids their
 * generators build valid-looking values from. Shared so that every property continues traces the same way.
 */
final class IncomingHeaders {

    private IncomingHeaders() {
    }

    /** @return lower-case hex strings of exactly {@code length} characters (32 for a trace id, 16 for a span id) */
    static Arbitrary<String> hex(int length) {
        return Arbitraries.strings().withChars("0123456789abcdef").ofLength(length);
    }

    /** @return the request's headers by name; a {@code null} value stands for a header the request lacks */
    static Map<String, String> of(String sentryTrace, String baggage, String traceparent) {
        Map<String, String> headers = new HashMap<>();
        headers.put("sentry-trace", sentryTrace);
        headers.put("baggage", baggage);
        headers.put("traceparent", traceparent);
        return headers;
    }

    /**
     * Serves one request carrying these headers: continues its trace on {@code runtime}, runs {@code request} with
     * the request's span current, ends the span and leaves the thread without trace state, also when
     * {@code request} throws.
     */
    static void serve(SentryRuntime runtime, String sentryTrace, String baggage, String traceparent,
            Consumer<Span> request) {
        runtime.continueTrace(of(sentryTrace, baggage, traceparent)::get);
        try (Span span = runtime.startSpan("request")) {
            request.accept(span);
        } finally {
            runtime.clearThread();
        }
    }
}
