package io.github.sentryjakarta.internal.span;

import io.github.sentryjakarta.internal.propagation.Dsc;
import io.github.sentryjakarta.internal.propagation.TraceContext;
import io.github.sentryjakarta.Span;

/**
 * The span an error event is linked to, as its {@code contexts.trace} names it, taken when the error happened:
 * ids, op and status, the trace (whose DSC goes into the envelope header), and the local root's name, which
 * becomes the event's {@code transaction}.
 *
 * @param trace the trace
 * @param spanId the span's id, 16 hex digits
 * @param parentSpanId its parent's id, or {@code null} for a trace root
 * @param segmentId the id of its local root
 * @param op its {@code sentry.op}, or {@code null}
 * @param status its status in transaction vocabulary ({@code ok}, {@code internal_error}, {@code not_found}...)
 * @param segmentName the local root's name
 * @param segmentNameSource the local root's {@code sentry.segment.name.source}, or {@code null}
 * @param request the request an {@code http.server} span served, else {@code null}
 */
public record EventTraceContext(TraceContext trace, String spanId, String parentSpanId, String segmentId, String op,
        String status, String segmentName, String segmentNameSource, HttpRequestData request) {

    /** @return the context of one of this library's spans, or {@code null} for any other {@link Span} */
    public static EventTraceContext of(Span span) {
        return span instanceof SpanImpl impl ? impl.eventTraceContext() : null;
    }

    /** @return the 32 hex digits of the trace id */
    public String traceId() {
        return trace.traceId();
    }

    /** @return the trace's DSC, frozen now if it was not yet */
    public Dsc dsc() {
        return trace.freezeDsc(segmentName, segmentNameSource);
    }
}
