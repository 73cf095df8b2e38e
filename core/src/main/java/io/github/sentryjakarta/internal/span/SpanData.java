package io.github.sentryjakarta.internal.span;

import io.github.sentryjakarta.internal.propagation.Ids;
import io.github.sentryjakarta.internal.propagation.TraceContext;
import io.github.sentryjakarta.SpanStatus;

/**
 * An immutable snapshot of a finished span, made on the application thread when the span ends: one small
 * object that takes over the span's attributes. Ids are kept as numbers (the {@code ...Bits} components, cheap
 * to group by); their hex forms are computed only when asked for, on the sender thread.
 *
 * @param trace the trace this span belongs to (id, decision, DSC)
 * @param spanIdBits the span id as a number
 * @param parentSpanIdBits the parent span id as a number, or 0 for a trace root
 * @param segmentIdBits the id of this span's local root as a number
 * @param name the span name
 * @param segmentName the local root's name when this span ended
 * @param status the status
 * @param startEpochNanos the start, nanoseconds since the epoch
 * @param endEpochNanos the end, nanoseconds since the epoch
 * @param attributes the attributes the user and the integrations set, including {@code sentry.op} and
 *     {@code sentry.origin}
 * @param threadId the id of the thread that started the span
 * @param threadName the name of the thread that started the span
 * @param unfinishedChildren for a local root: its children that had not ended when it ended; else 0
 * @param endedAfterSegment for a child: whether its local root had already ended when it ended
 * @param countedBySegment for a child that ended after its root: whether it is one of the
 *     {@code unfinishedChildren} its root reported (false for a child started after its root ended)
 * @param segmentNameSource the local root's {@value #NAME_SOURCE_KEY} when this span ended, or {@code null}
 */
public record SpanData(TraceContext trace, long spanIdBits, long parentSpanIdBits, long segmentIdBits, String name,
        String segmentName, SpanStatus status, long startEpochNanos, long endEpochNanos, Attributes attributes,
        long threadId, String threadName, int unfinishedChildren, boolean endedAfterSegment, boolean countedBySegment,
        String segmentNameSource) {

    /** The attribute naming where a local root's name comes from: {@code custom}, {@code route}, {@code url}. */
    public static final String NAME_SOURCE_KEY = "sentry.segment.name.source";

    /** @return a copy with another name and attributes, for {@link BeforeSendHook} */
    SpanData withNameAndAttributes(String newName, Attributes newAttributes) {
        return new SpanData(trace, spanIdBits, parentSpanIdBits, segmentIdBits, newName, segmentName, status,
                startEpochNanos, endEpochNanos, newAttributes, threadId, threadName, unfinishedChildren,
                endedAfterSegment, countedBySegment, segmentNameSource);
    }

    /** @return the trace id */
    public String traceId() {
        return trace.traceId();
    }

    /** @return the span id as 16 hex digits */
    public String spanId() {
        return Ids.hex(spanIdBits);
    }

    /** @return the parent span id as 16 hex digits, or {@code null} for a trace root */
    public String parentSpanId() {
        return parentSpanIdBits == 0 ? null : Ids.hex(parentSpanIdBits);
    }

    /** @return whether this span is a local root (a segment) */
    public boolean isSegment() {
        return segmentIdBits == spanIdBits;
    }

    /** @return the id of this span's local root as 16 hex digits */
    public String segmentId() {
        return Ids.hex(segmentIdBits);
    }
}
