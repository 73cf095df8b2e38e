package io.github.sentryjakarta.cdi;

import io.github.sentryjakarta.integration.CapturedContext;
import io.github.sentryjakarta.integration.Instrumentation;
import java.util.Map;
import java.util.function.Function;

/**
 * What the Jakarta Concurrency and the MicroProfile Context Propagation providers share: the context type
 * {@value #TYPE}, capturing the calling thread's trace context as a snapshot of the SPI's own type, and one cleared
 * snapshot (applying the empty context) handed out both where the context is configured as cleared and where the
 * thread had nothing to capture, so a task never runs with what its pooled thread last held.
 *
 * <p>The two SPIs are alike to the method name but live in two APIs, and a server may offer one without the other:
 * this class names neither, so loading one provider never needs the other's API. A subclass implements its SPI's
 * {@code ThreadContextProvider} with the methods inherited from here (the compiler bridges the generic return type)
 * and only says how its snapshot applies a captured context.
 *
 * @param <S> the SPI's snapshot type
 */
abstract class TraceContextProvider<S> {

    /** The thread context type, as named in {@code @ContextServiceDefinition(propagated/cleared = ...)}. */
    static final String TYPE = "Sentry";

    private final Function<CapturedContext, S> toSnapshot;
    private final S cleared;

    /** @param toSnapshot wraps a captured context as the SPI's snapshot, which applies it when the SPI begins it */
    TraceContextProvider(Function<CapturedContext, S> toSnapshot) {
        this.toSnapshot = toSnapshot;
        this.cleared = toSnapshot.apply(Instrumentation.installed().emptyContext());
    }

    /**
     * @param props the context service's properties (unused)
     * @return the calling thread's trace context, or the cleared snapshot when it has none
     */
    public S currentContext(Map<String, String> props) {
        CapturedContext captured = Instrumentation.installed().captureContext();
        return captured.isEmpty() ? cleared : toSnapshot.apply(captured);
    }

    /**
     * @param props the context service's properties (unused)
     * @return the snapshot that runs work with no trace context
     */
    public S clearedContext(Map<String, String> props) {
        return cleared;
    }

    /** @return {@value #TYPE} */
    public String getThreadContextType() {
        return TYPE;
    }
}
