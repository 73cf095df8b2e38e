package io.github.sentryjakarta.internal.span;

import io.github.sentryjakarta.internal.propagation.TraceContext;
/**
 * The trace a thread continues when no span is current: set by {@code continueTrace}, replaced by
 * {@code newTrace}, created on demand otherwise. Local roots started on the thread join its trace, with the
 * remote span (if any) as their parent.
 *
 * @param trace the trace
 * @param remoteParentSpanId the caller's span id, 0 when the trace started here
 * @param propagationSpanId the span id sent downstream while no span is current
 */
public record PropagationContext(TraceContext trace, long remoteParentSpanId, long propagationSpanId) {

    private static final ThreadLocal<PropagationContext> CURRENT = new ThreadLocal<>();

    public static PropagationContext get() {
        return CURRENT.get();
    }

    /** {@code null} forgets it; kept as a null value, not removed, for the reason {@link CurrentSpan} gives. */
    public static void set(PropagationContext context) {
        CURRENT.set(context);
    }
}
