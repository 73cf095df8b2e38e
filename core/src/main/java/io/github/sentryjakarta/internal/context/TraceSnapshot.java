package io.github.sentryjakarta.internal.context;

import io.github.sentryjakarta.internal.span.CurrentSpan;
import io.github.sentryjakarta.internal.span.PropagationContext;
import io.github.sentryjakarta.internal.span.SpanImpl;
import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.integration.CapturedContext;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * The trace context of one thread at one moment, captured where work is handed over and applied where it runs:
 * the current span, or else the trace the thread continues. Applying it makes the span current on the other
 * thread and also carries its trace (trace id, the span as parent, the sampling decision and the DSC), so a task
 * that starts after the span ended still joins the trace, as a new local root whose parent is that span.
 *
 * <p>Capturing reads two thread-locals and allocates at most this object; applying replaces the thread's whole
 * trace state (a pooled thread's leftovers never leak into the task) and {@link Restorer#restore()} puts it back.
 * Integrations use it for executors, Jakarta Concurrency and MicroProfile Context Propagation providers, and
 * async clients; applications use {@link io.github.sentryjakarta.Traces#wrap(Runnable)} and its overloads.
 */
public final class TraceSnapshot implements CapturedContext {

    private static final TraceSnapshot EMPTY = new TraceSnapshot(null, null);

    private final SpanImpl span;
    private final PropagationContext propagation;

    private TraceSnapshot(SpanImpl span, PropagationContext propagation) {
        this.span = span;
        this.propagation = propagation;
    }

    /** @return this thread's trace context: its current span, else the trace it continues, else nothing */
    public static TraceSnapshot capture() {
        SpanImpl span = CurrentSpan.get();
        PropagationContext propagation = span == null ? PropagationContext.get() : null;
        return span == null && propagation == null ? EMPTY : new TraceSnapshot(span, propagation);
    }

    /** @return a snapshot of {@code span}'s context, or the empty one for a span of no trace of ours */
    public static TraceSnapshot of(Span span) {
        return span instanceof SpanImpl impl ? new TraceSnapshot(impl, null) : EMPTY;
    }

    /** @return the snapshot of a thread without any trace context: applying it clears a thread for the task */
    public static TraceSnapshot empty() {
        return EMPTY;
    }

    /** @return whether nothing was captured */
    @Override
    public boolean isEmpty() {
        return this == EMPTY;
    }

    /** @return the captured span, or {@code null} when the thread had none current */
    @Override
    public Span span() {
        return span;
    }

    /**
     * Makes this context the thread's only trace state until {@link Restorer#restore()}.
     *
     * @return what restores the thread's previous state; call it on the same thread, in a {@code finally}
     */
    @Override
    public Restorer apply() {
        PropagationContext previousPropagation = PropagationContext.get();
        Object previousScope = CurrentSpan.replace(span);
        PropagationContext.set(span != null ? span.continuation() : propagation);
        return new Restorer(previousScope, previousPropagation);
    }

    /** @return {@code task}, running in this context */
    @Override
    public Runnable wrap(Runnable task) {
        return () -> {
            Restorer restorer = apply();
            try {
                task.run();
            } finally {
                restorer.restore();
            }
        };
    }

    /** @return {@code task}, running in this context */
    @Override
    public <V> Callable<V> wrap(Callable<V> task) {
        return () -> {
            Restorer restorer = apply();
            try {
                return task.call();
            } finally {
                restorer.restore();
            }
        };
    }

    /** @return {@code executor}, running each task in the context of the thread that submitted it */
    public static Executor contextual(Executor executor) {
        return executor instanceof ContextExecutor<?> ? executor : new ContextExecutor<>(executor);
    }

    /** @return {@code executor}, running each task in the context of the thread that submitted it */
    public static ExecutorService contextual(ExecutorService executor) {
        return executor instanceof ContextExecutorService ? executor : new ContextExecutorService(executor);
    }

    /** Puts back the trace state a thread had before a snapshot was applied to it. */
    public static final class Restorer implements CapturedContext.Restorer {

        private final Object scope;
        private final PropagationContext propagation;

        private Restorer(Object scope, PropagationContext propagation) {
            this.scope = scope;
            this.propagation = propagation;
        }

        /** Restores the thread's previous current span and continued trace. */
        @Override
        public void restore() {
            CurrentSpan.restore(scope);
            PropagationContext.set(propagation);
        }
    }
}
