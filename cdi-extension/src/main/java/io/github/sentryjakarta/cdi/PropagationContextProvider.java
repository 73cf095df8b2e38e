package io.github.sentryjakarta.cdi;

import io.github.sentryjakarta.integration.Instrumentation;
import io.github.sentryjakarta.integration.CapturedContext;
import java.util.Map;
import org.eclipse.microprofile.context.spi.ThreadContextController;
import org.eclipse.microprofile.context.spi.ThreadContextProvider;
import org.eclipse.microprofile.context.spi.ThreadContextSnapshot;

/**
 * Carries the trace through MicroProfile Context Propagation (SmallRye on Quarkus, and servers that offer
 * {@code ManagedExecutor}/{@code CapturedContext}): contextual executors and {@code CompletionStage}s capture the
 * submitting thread's trace context through this provider and apply it where the work runs. As a
 * non-standard type it is propagated by default ("Remaining"); where cleared, the work runs with no trace
 * context, never with what its pooled thread last held.
 *
 * <p>Found through {@code META-INF/services/org.eclipse.microprofile.context.spi.ThreadContextProvider}. Not
 * API: public only for the {@code ServiceLoader}.
 */
public final class PropagationContextProvider implements ThreadContextProvider {

    private static final Snapshot CLEARED = new Snapshot(Instrumentation.installed().emptyContext());

    /** Created by the {@code ServiceLoader}. */
    public PropagationContextProvider() {
    }

    @Override
    public ThreadContextSnapshot currentContext(Map<String, String> props) {
        CapturedContext snapshot = Instrumentation.installed().captureContext();
        return snapshot.isEmpty() ? CLEARED : new Snapshot(snapshot);
    }

    @Override
    public ThreadContextSnapshot clearedContext(Map<String, String> props) {
        return CLEARED;
    }

    @Override
    public String getThreadContextType() {
        return ConcurrencyContextProvider.TYPE;
    }

    private record Snapshot(CapturedContext trace) implements ThreadContextSnapshot {

        @Override
        public ThreadContextController begin() {
            CapturedContext.Restorer restorer = trace.apply();
            return restorer::restore;
        }
    }
}
