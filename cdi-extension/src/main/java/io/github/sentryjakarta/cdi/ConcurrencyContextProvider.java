package io.github.sentryjakarta.cdi;

import jakarta.enterprise.concurrent.spi.ThreadContextProvider;
import jakarta.enterprise.concurrent.spi.ThreadContextSnapshot;

/**
 * Carries the trace through Jakarta Concurrency: managed executors, managed scheduled executors,
 * {@code ContextService} proxies and Concurrency's {@code @Asynchronous} capture the submitting thread's trace
 * context through this provider and apply it around the task, so the task's spans join the trace with no
 * application code. The context type is not in Jakarta Concurrency's standard list, so it counts as
 * "Remaining", which default executors propagate; where it is configured as cleared, a task runs with no
 * trace context at all, never with what its pooled thread last held.
 *
 * <p>Found by the server through {@code META-INF/services/jakarta.enterprise.concurrent.spi.ThreadContextProvider}
 * (see the README for which servers look into an application's own jars). Not API: public only for the
 * {@code ServiceLoader}.
 */
public final class ConcurrencyContextProvider extends TraceContextProvider<ThreadContextSnapshot>
        implements ThreadContextProvider {

    /** The thread context type, as named in {@code @ContextServiceDefinition(propagated/cleared = ...)}. */
    public static final String TYPE = TraceContextProvider.TYPE;

    /** Created by the server's {@code ServiceLoader}. */
    public ConcurrencyContextProvider() {
        // begin() applies the trace; the restorer it returns puts the thread's own state back
        super(trace -> () -> trace.apply()::restore);
    }
}
