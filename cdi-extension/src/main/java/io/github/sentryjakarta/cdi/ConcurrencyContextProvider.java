package io.github.sentryjakarta.cdi;

import io.github.sentryjakarta.integration.Instrumentation;
import io.github.sentryjakarta.integration.CapturedContext;
import jakarta.enterprise.concurrent.spi.ThreadContextProvider;
import jakarta.enterprise.concurrent.spi.ThreadContextRestorer;
import jakarta.enterprise.concurrent.spi.ThreadContextSnapshot;
import java.util.Map;

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
public final class ConcurrencyContextProvider implements ThreadContextProvider {

    /** The thread context type, as named in {@code @ContextServiceDefinition(propagated/cleared = ...)}. */
    public static final String TYPE = "Sentry";

    private static final Snapshot CLEARED = new Snapshot(Instrumentation.installed().emptyContext());

    /** Created by the server's {@code ServiceLoader}. */
    public ConcurrencyContextProvider() {
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
        return TYPE;
    }

    private record Snapshot(CapturedContext trace) implements ThreadContextSnapshot {

        @Override
        public ThreadContextRestorer begin() {
            CapturedContext.Restorer restorer = trace.apply();
            return restorer::restore;
        }
    }
}
