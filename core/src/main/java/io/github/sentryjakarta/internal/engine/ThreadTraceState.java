package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.integration.CapturedContext;
import io.github.sentryjakarta.internal.context.TraceSnapshot;
import io.github.sentryjakarta.internal.span.CurrentSpan;
import io.github.sentryjakarta.internal.span.PropagationContext;
import io.github.sentryjakarta.internal.span.SpanImpl;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * What one thread holds of tracing, and how it moves: the current span, the trace a thread continues (from an
 * incoming request), and snapshots of both carried to other threads. Integrations clear it when a pooled thread
 * finishes a request, so nothing leaks into the next one.
 */
final class ThreadTraceState {

    private final TracePropagation propagation;

    ThreadTraceState(TracePropagation propagation) {
        this.propagation = propagation;
    }

    Optional<Span> currentSpan() {
        return Optional.ofNullable(CurrentSpan.get());
    }

    /** Local roots started on this thread join the trace these headers carry (a new one if they do not parse). */
    void continueTrace(Function<String, String> headerLookup) {
        PropagationContext.set(propagation.incoming(headerLookup));
    }

    /** The next local root on this thread starts a new trace. */
    void newTrace() {
        PropagationContext.set(null);
    }

    /** {@code span} stops being current here, without ending: it ends later, elsewhere. */
    void detach(Span span) {
        if (span instanceof SpanImpl impl) {
            CurrentSpan.detach(impl);
        }
    }

    /** {@code span} becomes current here too, until it ends or is detached here. */
    void makeCurrent(Span span) {
        if (span instanceof SpanImpl impl && !impl.hasEnded() && CurrentSpan.get() != impl) {
            CurrentSpan.attach(impl);
        }
    }

    /** Forgets the current span and the continued trace. */
    void clear() {
        CurrentSpan.clear();
        PropagationContext.set(null);
    }

    Runnable wrap(Runnable task) {
        return TraceSnapshot.capture().wrap(task);
    }

    <V> Callable<V> wrap(Callable<V> task) {
        return TraceSnapshot.capture().wrap(task);
    }

    Executor wrap(Executor executor) {
        return TraceSnapshot.contextual(executor);
    }

    ExecutorService wrap(ExecutorService executor) {
        return TraceSnapshot.contextual(executor);
    }

    CapturedContext capture() {
        return TraceSnapshot.capture();
    }

    CapturedContext empty() {
        return TraceSnapshot.empty();
    }
}
