package io.github.sentryjakarta.integration;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.SpanBuilder;
import io.github.sentryjakarta.Tracer;
import io.github.sentryjakarta.Traces;
import java.util.Map;
import java.util.function.Function;

/**
 * What an integration (a JAX-RS filter, a CDI interceptor, a JDBC wrapper, a plain-Java bootstrap) needs beyond
 * the application's {@link Tracer}: the installed configuration, incoming traces without touching the thread,
 * moving a span between threads, clearing a pooled thread, captured thread context, unhandled errors, and
 * building a configuration to {@linkplain Installation#install() install}. {@link #installed()} always answers
 * for the configuration installed at the moment of each call. Not for applications: it may change while 0.x.
 */
public interface Instrumentation extends Tracer {

    /** @return the installed instrumentation (the installed tracer, seen with its integration methods) */
    static Instrumentation installed() {
        return (Instrumentation) Traces.tracer();
    }

    /**
     * Builds the library for {@code options}: the span buffer or transaction assembler, the encoding queue and
     * the HTTP transport, threads started, not yet installed. Options that are not
     * {@linkplain SentryOptions#isActive() active} give an installation that records nothing.
     *
     * @throws InvalidOptionException if a value is invalid
     */
    Installation configure(SentryOptions options);

    /** @return whether spans are recorded and sent */
    boolean isActive();

    /** @return the installed options */
    SentryOptions options();

    /**
     * @return a builder for a local root that continues the trace of an incoming call from its headers (as
     *     {@link #continueTrace} reads them), leaving this thread's own state alone: once the span exists,
     *     children follow it, and nothing of the incoming trace stays on a pooled thread after it ends
     */
    SpanBuilder spanBuilder(String name, Function<String, String> incomingHeaders);

    /**
     * @return {@code attributes} prepared to be shared by many spans (values as {@link Span#setAttribute}
     *     takes them); the map is copied, later changes to it are not seen
     */
    SharedAttributes share(Map<String, ?> attributes);

    /** Starts a span, child of the current span or a new local root, with shared start attributes. */
    Span startSpan(String name, SharedAttributes attributes);

    /**
     * Stops {@code span} being current on this thread without ending it, restoring what was current before.
     * For work that continues elsewhere (a returned {@code CompletionStage}).
     */
    void detach(Span span);

    /**
     * Makes {@code span} current on this thread too, until it ends or is {@linkplain #detach detached} here.
     * For runtimes that hand one request from thread to thread (an event loop, then a worker).
     */
    void makeCurrent(Span span);

    /** Forgets everything this thread holds (current span, continued trace): a pooled thread's request is over. */
    void clearThread();

    /**
     * @return the headers that make the callee a child of {@code span} (e.g. an {@code http.client} span that
     *     is not current), if {@code url} matches {@code sentry.trace-propagation-targets}, else none
     */
    Map<String, String> propagationHeaders(Span span, String url);

    /** @return this thread's trace context, to apply where handed-over work runs */
    CapturedContext captureContext();

    /** @return the context of a thread without any trace: applying it clears a thread for a task */
    CapturedContext emptyContext();

    /** @return whether unhandled exceptions of requests become error events ({@code sentry.capture-unhandled}) */
    boolean capturesUnhandled();

    /**
     * @return the exception that left a span of {@code segment}'s local root and was not captured yet, taken
     *     so that it is reported once; {@code null} if none
     */
    Throwable takeEscaped(Span segment);

    /**
     * Sends an exception no mapper handled as an unhandled error event, linked to {@code serverSpan}, with the
     * request's {@code headers} (already filtered by the integration).
     */
    void captureUnhandled(Throwable exception, Span serverSpan, Map<String, String> headers);
}
