package io.github.sentryjakarta.integration;

import io.github.sentryjakarta.Span;
import java.util.concurrent.Callable;

/**
 * The trace context of one thread at one moment ({@link Instrumentation#captureContext()}), applied where handed
 * over work runs: the current span, or else the trace the thread continues. Applying it replaces the running
 * thread's whole trace state (a pooled thread's leftovers never leak into the task); {@link Restorer#restore()}
 * puts that state back. Integrations use it for Jakarta Concurrency and MicroProfile Context Propagation
 * providers and for async clients.
 */
public interface CapturedContext {

    /** @return whether nothing was captured */
    boolean isEmpty();

    /** @return the captured span, or {@code null} when the thread had none current */
    Span span();

    /** Makes this context the thread's only trace state. @return what puts the thread's own state back */
    Restorer apply();

    /** @return {@code task}, running in this context */
    Runnable wrap(Runnable task);

    /** @return {@code task}, running in this context */
    <V> Callable<V> wrap(Callable<V> task);

    /** Puts back the trace state a thread had before a context was {@linkplain #apply() applied}. */
    interface Restorer {

        /** Restores the thread's state; once. */
        void restore();
    }
}
