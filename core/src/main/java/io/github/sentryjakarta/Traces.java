package io.github.sentryjakarta;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.ServiceLoader;
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
 * <p>Every method is static and delegates to the {@linkplain #tracer() installed tracer}; code that prefers
 * injection injects a {@link Tracer} where CDI runs ({@code @Inject Tracer tracer}). Until the library is
 * configured, spans are created with ids but record nothing.
 *
 * <p>Work handed to another thread joins the trace where a container propagates context (Jakarta Concurrency's
 * managed executors, MicroProfile Context Propagation); elsewhere (the common pool, threads and virtual threads
 * the application creates) {@code wrap} carries it:
 *
 * <pre>{@code
 * CompletableFuture.supplyAsync(() -> quote(id), Traces.wrap(ForkJoinPool.commonPool()));
 * try (ExecutorService executor = Traces.wrap(Executors.newVirtualThreadPerTaskExecutor())) { ... }
 * }</pre>
 */
public final class Traces {

    /**
     * The engine's door to whatever configuration is installed, found once: the API names no class of the
     * engine, so that the engine's packages depend on this one and never the other way round.
     */
    private static final Tracer TRACER = ServiceLoader.load(Tracer.class, Traces.class.getClassLoader()).findFirst()
            .orElseThrow(() -> new IllegalStateException("sentry-jakarta-core's META-INF/services entry for "
                    + Tracer.class.getName() + " is missing"));

    private Traces() {
    }

    /** @return the installed tracer: always the one installed at the moment of each call */
    public static Tracer tracer() {
        return TRACER;
    }

    /** Starts a span, child of the current span or else a new local root, and makes it current. */
    public static Span startSpan(String name) {
        return TRACER.startSpan(name);
    }

    /** @return a builder for a span with an explicit parent, no parent, attributes or inactive */
    public static SpanBuilder spanBuilder(String name) {
        return TRACER.spanBuilder(name);
    }

    /** @return the span current on this thread */
    public static Optional<Span> currentSpan() {
        return TRACER.currentSpan();
    }

    /**
     * Sends {@code exception} to Sentry as an error event (handled), linked to the span where it was recorded or
     * else to the current span. An exception is sent once, however often it is passed here or on.
     *
     * @return the event id, or empty when nothing is sent (library off, captured already)
     */
    public static Optional<String> captureException(Throwable exception) {
        return TRACER.captureException(exception);
    }

    /**
     * Continues an incoming trace on this thread from its {@code sentry-trace}, {@code baggage} and
     * {@code traceparent} headers. Malformed headers start a new trace; nothing here ever throws.
     *
     * @param headerLookup returns the value of a header by its lowercase name, or {@code null}
     */
    public static void continueTrace(Function<String, String> headerLookup) {
        TRACER.continueTrace(headerLookup);
    }

    /** Leaves the continued trace: the next span without a parent starts a new trace. */
    public static void newTrace() {
        TRACER.newTrace();
    }

    /**
     * @return the headers to add to an outgoing call so that the callee continues this trace: the current span's,
     *     else the continued trace's. With neither, each call starts a trace of its own (nothing is pinned to a
     *     pooled thread): start a span around related calls to group them.
     */
    public static Map<String, String> propagationHeaders() {
        return TRACER.propagationHeaders();
    }

    /**
     * Captures this thread's trace context now: {@code task} runs in it on whatever thread runs it, its spans
     * children of the span current here (or, if that span has ended by then, new local roots in its trace with
     * it as their parent). The running thread's own state is put back afterwards.
     */
    public static Runnable wrap(Runnable task) {
        return TRACER.wrap(task);
    }

    /** As {@link #wrap(Runnable)}, for a task with a result. */
    public static <V> Callable<V> wrap(Callable<V> task) {
        return TRACER.wrap(task);
    }

    /**
     * @return an executor that runs each task in the trace context of the thread that submits it (captured at
     *     submission), e.g. for {@code CompletableFuture.supplyAsync(supplier, Traces.wrap(executor))}
     */
    public static Executor wrap(Executor executor) {
        return TRACER.wrap(executor);
    }

    /**
     * @return an executor service that runs each task in the trace context of the thread that submits it;
     *     shutting it down shuts {@code executor} down
     */
    public static ExecutorService wrap(ExecutorService executor) {
        return TRACER.wrap(executor);
    }
}
