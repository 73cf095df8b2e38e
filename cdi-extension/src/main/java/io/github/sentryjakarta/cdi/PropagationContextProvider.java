package io.github.sentryjakarta.cdi;

import org.eclipse.microprofile.context.spi.ThreadContextProvider;
import org.eclipse.microprofile.context.spi.ThreadContextSnapshot;

/**
 * Carries the trace through MicroProfile Context Propagation (SmallRye on Quarkus, and servers that offer
 * {@code ManagedExecutor}/{@code ThreadContext}): contextual executors and {@code CompletionStage}s capture the
 * submitting thread's trace context through this provider and apply it where the work runs. As a
 * non-standard type it is propagated by default ("Remaining"); where cleared, the work runs with no trace
 * context, never with what its pooled thread last held.
 *
 * <p>Found through {@code META-INF/services/org.eclipse.microprofile.context.spi.ThreadContextProvider}. Not
 * API: public only for the {@code ServiceLoader}.
 */
public final class PropagationContextProvider extends TraceContextProvider<ThreadContextSnapshot>
        implements ThreadContextProvider {

    /** Created by the {@code ServiceLoader}. */
    public PropagationContextProvider() {
        // begin() applies the trace; the restorer it returns puts the thread's own state back
        super(trace -> () -> trace.apply()::restore);
    }
}
