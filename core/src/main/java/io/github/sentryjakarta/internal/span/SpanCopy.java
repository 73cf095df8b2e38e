package io.github.sentryjakarta.internal.span;

import io.github.sentryjakarta.SpanStatus;
import io.github.sentryjakarta.internal.propagation.TraceContext;

/**
 * A finished span with the name and attributes {@code BeforeSendSpan} gave it: the span itself stays as it ended,
 * so the hook's edits live in a copy, made on the encoding thread and only when a hook is set.
 */
record SpanCopy(TraceContext trace, long spanIdBits, long parentSpanIdBits, long segmentIdBits, String name,
        String segmentName, SpanStatus status, long startEpochNanos, long endEpochNanos, Attributes attributes,
        long threadId, String threadName, int unfinishedChildren, boolean endedAfterSegment, boolean countedBySegment,
        String segmentNameSource) implements SpanData {
}
