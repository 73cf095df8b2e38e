package io.github.sentryjakarta;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * Creates spans and propagates traces: what {@link Traces} offers as static methods, as an interface to inject
 * ({@code @Inject Tracer tracer} where CDI runs) or to pass around. {@link Traces#tracer()} is the installed one;
 * it always answers for whatever configuration of the library is installed at the moment of the call. Until the
 * library is configured, spans are created with ids but record nothing.
 */
public interface Tracer {

    /** Starts a span, child of the current span or else a new local root, and makes it current. */
    Span startSpan(String name);

    /** @return a builder for a span with an explicit parent, no parent, attributes or inactive */
    SpanBuilder spanBuilder(String name);

    /** @return the span current on this thread */
    Optional<Span> currentSpan();

    /**
     * Sends {@code exception} to Sentry as an error event (handled), linked to the span where it was recorded or
     * else to the current span. An exception is sent once, however often it is passed here or on.
     *
     * @return the event id, or empty when nothing is sent (library off, captured already)
     */
    Optional<String> captureException(Throwable exception);

    /**
     * Continues an incoming trace on this thread from its {@code sentry-trace}, {@code baggage} and
     * {@code traceparent} headers. Malformed headers start a new trace; nothing here ever throws.
     *
     * @param headerLookup returns the value of a header by its lowercase name, or {@code null}
     */
    void continueTrace(Function<String, String> headerLookup);

    /** Leaves the continued trace: the next span without a parent starts a new trace. */
    void newTrace();

    /**
     * @return the headers to add to an outgoing call so that the callee continues this trace: the current span's,
     *     else the continued trace's. With neither, each call starts a trace of its own (nothing is pinned to a
     *     pooled thread): start a span around related calls to group them.
     */
    Map<String, String> propagationHeaders();

    /**
     * Captures this thread's trace context now: {@code task} runs in it on whatever thread runs it, its spans
     * children of the span current here (or, if that span has ended by then, new local roots in its trace with
     * it as their parent). The running thread's own state is put back afterwards.
     */
    Runnable wrap(Runnable task);

    /** As {@link #wrap(Runnable)}, for a task with a result. */
    <V> Callable<V> wrap(Callable<V> task);

    /**
     * @return an executor that runs each task in the trace context of the thread that submits it (captured at
     *     submission), e.g. for {@code CompletableFuture.supplyAsync(supplier, tracer.wrap(executor))}
     */
    Executor wrap(Executor executor);

    /**
     * @return an executor service that runs each task in the trace context of the thread that submits it;
     *     shutting it down shuts {@code executor} down
     */
    ExecutorService wrap(ExecutorService executor);
}
