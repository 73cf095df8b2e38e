package io.github.sentryjakarta.internal.span;

import io.github.sentryjakarta.internal.propagation.Ids;
import io.github.sentryjakarta.internal.propagation.TraceContext;
import io.github.sentryjakarta.SpanStatus;

/**
 * An immutable snapshot of a finished span, made on the application thread when the span ends: one small
 * object that takes over the span's attributes, with hex ids computed later, on the sender thread.
 */
public final class SpanData {

    private final TraceContext trace;
    private final long spanId;
    private final long parentSpanId;
    private final long segmentId;
    private final String name;
    private final String segmentName;
    private final SpanStatus status;
    private final long startEpochNanos;
    private final long endEpochNanos;
    private final Attributes attributes;
    private final long threadId;
    private final String threadName;
    private final int unfinishedChildren;
    private final boolean endedAfterSegment;
    private final boolean countedBySegment;
    private final String segmentNameSource;

    /** The attribute naming where a local root's name comes from: {@code custom}, {@code route}, {@code url}. */
    public static final String NAME_SOURCE_KEY = "sentry.segment.name.source";

    SpanData(TraceContext trace, long spanId, long parentSpanId, long segmentId, String name, String segmentName,
            SpanStatus status, long startEpochNanos, long endEpochNanos, Attributes attributes, long threadId,
            String threadName, int unfinishedChildren, boolean endedAfterSegment, boolean countedBySegment,
            String segmentNameSource) {
        this.trace = trace;
        this.spanId = spanId;
        this.parentSpanId = parentSpanId;
        this.segmentId = segmentId;
        this.name = name;
        this.segmentName = segmentName;
        this.status = status;
        this.startEpochNanos = startEpochNanos;
        this.endEpochNanos = endEpochNanos;
        this.attributes = attributes;
        this.threadId = threadId;
        this.threadName = threadName;
        this.unfinishedChildren = unfinishedChildren;
        this.endedAfterSegment = endedAfterSegment;
        this.countedBySegment = countedBySegment;
        this.segmentNameSource = segmentNameSource;
    }

    /** @return a copy with another name and attributes, for {@link BeforeSendHook} */
    SpanData withNameAndAttributes(String newName, Attributes newAttributes) {
        return new SpanData(trace, spanId, parentSpanId, segmentId, newName, segmentName, status, startEpochNanos,
                endEpochNanos, newAttributes, threadId, threadName, unfinishedChildren, endedAfterSegment,
                countedBySegment, segmentNameSource);
    }

    /** @return the trace this span belongs to (id, decision, DSC) */
    public TraceContext trace() { return trace; }
    /** @return the trace id */
    public String traceId() { return trace.traceId(); }
    /** @return the span id as 16 hex digits */
    public String spanId() { return Ids.hex(spanId); }
    /** @return the span id as a number, for grouping without string work */
    public long spanIdBits() { return spanId; }
    /** @return the parent span id as 16 hex digits, or {@code null} for a trace root */
    public String parentSpanId() { return parentSpanId == 0 ? null : Ids.hex(parentSpanId); }
    /** @return whether this span is a local root (a segment) */
    public boolean isSegment() { return segmentId == spanId; }
    /** @return the id of this span's local root as 16 hex digits */
    public String segmentId() { return Ids.hex(segmentId); }
    /** @return the id of this span's local root as a number */
    public long segmentIdBits() { return segmentId; }
    /** @return the span name */
    public String name() { return name; }
    /** @return the local root's name when this span ended */
    public String segmentName() { return segmentName; }
    /** @return the local root's {@value #NAME_SOURCE_KEY} when this span ended, or {@code null} if not set */
    public String segmentNameSource() { return segmentNameSource; }
    /** @return for a child: whether its local root had already ended when it ended */
    public boolean endedAfterSegment() { return endedAfterSegment; }
    /**
     * @return for a child that {@linkplain #endedAfterSegment() ended after its root}: whether it is one of the
     *     {@link #unfinishedChildren()} its root reported (false for a child started after its root ended)
     */
    public boolean countedBySegment() { return countedBySegment; }
    /** @return the status */
    public SpanStatus status() { return status; }
    /** @return the start, nanoseconds since the epoch */
    public long startEpochNanos() { return startEpochNanos; }
    /** @return the end, nanoseconds since the epoch */
    public long endEpochNanos() { return endEpochNanos; }
    /** @return the attributes the user and the integrations set, including {@code sentry.op} and {@code sentry.origin} */
    public Attributes attributes() { return attributes; }
    /** @return the id of the thread that started the span */
    public long threadId() { return threadId; }
    /** @return the name of the thread that started the span */
    public String threadName() { return threadName; }
    /** @return for a local root: its children that had not ended when it ended; else 0 */
    public int unfinishedChildren() { return unfinishedChildren; }
}
