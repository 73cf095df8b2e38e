package io.github.sentryjakarta.jaxrs;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.Traces;
import io.github.sentryjakarta.internal.engine.SentryRuntime;

/**
 * What a pooled container thread holds between requests, read by a handler outside JAX-RS (and outside the
 * servlet container) that the runtime runs on the same single worker thread as the requests: the current
 * span, and the trace an outgoing call would propagate.
 */
final class Probe {

    private Probe() {
    }

    static String describe() {
        String current = Traces.currentSpan().map(Span::spanId).orElse("none");
        String sentryTrace = Traces.propagationHeaders().get("sentry-trace");
        // Reading the propagation headers pinned a trace to this thread: the probe must not leave it behind.
        SentryRuntime.current().clearThread();
        return "span=" + current + " trace=" + sentryTrace.substring(0, 32) + " thread=" + Thread.currentThread().getName();
    }
}
