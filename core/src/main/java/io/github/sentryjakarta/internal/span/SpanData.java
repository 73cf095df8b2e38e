package io.github.sentryjakarta.internal.span;

import io.github.sentryjakarta.SpanStatus;
import io.github.sentryjakarta.internal.propagation.Ids;
import io.github.sentryjakarta.internal.propagation.TraceContext;

/**
 * A finished span as the pipeline reads it: the ended {@link SpanImpl} itself, whose fields no longer change
 * once it has ended, so that ending a span on the application thread adds only the few values the live span
 * lacks instead of a copy of it all; or a {@link SpanCopy} that {@code BeforeSendSpan} renamed. Ids are kept as numbers (the {@code ...Bits} methods,
 * cheap to group by); their hex forms are computed only when asked for, on the library's threads.
 */
public interface SpanData {

    /** The attribute naming where a local root's name comes from: {@code custom}, {@code route}, {@code url}. */
    String NAME_SOURCE_KEY = "sentry.segment.name.source";

    /** @return the trace this span belongs to (id, decision, DSC) */
    TraceContext trace();

    /** @return the span id as a number */
    long spanIdBits();

    /** @return the parent span id as a number, or 0 for a trace root */
    long parentSpanIdBits();

    /** @return the id of this span's local root as a number */
    long segmentIdBits();

    /** @return the span name */
    String name();

    /** @return the local root's name when this span ended */
    String segmentName();

    /** @return the status */
    SpanStatus status();

    /** @return the start, nanoseconds since the epoch */
    long startEpochNanos();

    /** @return the end, nanoseconds since the epoch */
    long endEpochNanos();

    /** @return the attributes the user and the integrations set, including {@code sentry.op} and {@code sentry.origin} */
    Attributes attributes();

    /** @return the id of the thread that started the span */
    long threadId();

    /** @return the name of the thread that started the span */
    String threadName();

    /** @return for a local root: its children that had not ended when it ended; else 0 */
    int unfinishedChildren();

    /** @return for a child: whether its local root had already ended when it ended */
    boolean endedAfterSegment();

    /**
     * @return for a child that ended after its root: whether it is one of the {@link #unfinishedChildren} its root
     *     reported (false for a child started after its root ended)
     */
    boolean countedBySegment();

    /** @return the local root's {@value #NAME_SOURCE_KEY} when this span ended, or {@code null} */
    String segmentNameSource();

    /** @return a copy with another name and attributes, for {@link BeforeSendHook} */
    default SpanData withNameAndAttributes(String newName, Attributes newAttributes) {
        return new SpanCopy(trace(), spanIdBits(), parentSpanIdBits(), segmentIdBits(), newName, segmentName(),
                status(), startEpochNanos(), endEpochNanos(), newAttributes, threadId(), threadName(),
                unfinishedChildren(), endedAfterSegment(), countedBySegment(), segmentNameSource());
    }

    /** @return the trace id */
    default String traceId() {
        return trace().traceId();
    }

    /** @return the span id as 16 hex digits */
    default String spanId() {
        return Ids.hex(spanIdBits());
    }

    /** @return the parent span id as 16 hex digits, or {@code null} for a trace root */
    default String parentSpanId() {
        return parentSpanIdBits() == 0 ? null : Ids.hex(parentSpanIdBits());
    }

    /** @return whether this span is a local root (a segment) */
    default boolean isSegment() {
        return segmentIdBits() == spanIdBits();
    }

    /** @return the id of this span's local root as 16 hex digits */
    default String segmentId() {
        return Ids.hex(segmentIdBits());
    }
}
