package io.github.sentryjakarta.internal.span;

import io.github.sentryjakarta.integration.StatusMessage;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.internal.propagation.Ids;
import io.github.sentryjakarta.internal.propagation.SamplingDecision;
import io.github.sentryjakarta.internal.propagation.TraceContext;
import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.SpanStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one span implementation. A recording span keeps a name, a status and attributes; a non-recording one
 * (unsampled, ignored, library disabled) keeps only what propagation needs: ids, the trace, and the name of
 * a local root, which may end up in the DSC.
 *
 * <p>Mutations and the end take the span's own monitor: uncontended in practice, and it guarantees that
 * the name, status and attributes never change once the span has ended, which is what lets the ended span
 * itself be handed to the pipeline as its {@link SpanData}. No lock is global.
 */
public final class SpanImpl implements Span, SpanData {

    private final TracerSharedState shared;
    private final TraceContext trace;
    private final SpanImpl segment;
    private final long spanId;
    private final long parentSpanId;
    private final boolean recording;
    /** For a span that does not record: what its end counts as in client reports, or null for nothing. */
    private final DiscardReason countAs;
    /** The thread that started the span; its id and name are read once, when the span ends and records. */
    private final Thread startThread;
    /** The segment's clock, shared by every span of it. */
    private final AnchoredClock clock;
    private final long startEpochNanos;
    /**
     * On a local root: its children that have not ended, plus {@link #SEGMENT_ENDED} once it ended, set in
     * the same atomic step that reads the count. A child's decrement then tells exactly whether it was
     * among the unfinished children its segment reported.
     */
    private final AtomicInteger openChildren;
    private static final int SEGMENT_ENDED = 1 << 30;

    private volatile String name;
    /** Set when a rename matches {@code sentry.ignore-spans}: the span (and, on a root, its children) is not sent. */
    private volatile boolean ignored;
    /** Mirrors the {@code sentry.segment.name.source} attribute, so children and the DSC read it without a lock. */
    private volatile String nameSource;
    private volatile boolean ended;
    private SpanStatus status = SpanStatus.OK;
    private Attributes attributes;
    /** The attributes came from a builder, which may start more spans with them: copy before the first write. */
    private boolean attributesShared;
    /** A child started after its segment had ended: the segment's unfinished count never included it. */
    private final boolean startedAfterSegment;
    /** What only an ended, recording span has; set before the span is handed over as its {@link SpanData}. */
    private EndState endState;

    /** The part of a finished span's data that the live span does not hold: a span that is not sent never has it. */
    private record EndState(long epochNanos, String segmentName, String segmentNameSource, long threadId,
            String threadName, int unfinishedChildren, boolean endedAfterSegment, boolean countedBySegment) {
    }

    /** A local root. */
    public SpanImpl(TracerSharedState shared, TraceContext trace, long parentSpanId, String name, boolean recording,
            DiscardReason countAs, Attributes attributes) {
        // Nothing of a segment that does not record is ever sent (its children cannot record either): no clock to read.
        this(shared, trace, null, parentSpanId, name, recording, countAs, attributes,
                recording ? AnchoredClock.anchorNow() : AnchoredClock.NONE);
    }

    /** A child. */
    public SpanImpl(SpanImpl parent, String name, boolean recording, DiscardReason countAs, Attributes attributes) {
        this(parent.shared, parent.trace, parent.segment, parent.spanId, name, recording, countAs, attributes,
                parent.clock);
    }

    private SpanImpl(TracerSharedState shared, TraceContext trace, SpanImpl segment, long parentSpanId, String name,
            boolean recording, DiscardReason countAs, Attributes attributes, AnchoredClock clock) {
        this.shared = shared;
        this.trace = trace;
        this.segment = segment == null ? this : segment;
        this.spanId = Ids.newSpanId();
        this.parentSpanId = parentSpanId;
        this.name = name;
        this.recording = recording;
        this.countAs = countAs;
        this.attributes = attributes;
        this.attributesShared = attributes != null;
        this.nameSource = initialNameSource(attributes);
        this.startThread = Thread.currentThread();
        this.clock = clock;
        if (segment == null) {
            this.startEpochNanos = clock.anchorEpochNanos();
            this.openChildren = new AtomicInteger();
            this.startedAfterSegment = false;
        } else {
            this.startEpochNanos = clock.nowEpochNanos();
            this.openChildren = null;
            this.startedAfterSegment = (segment.openChildren.getAndIncrement() & SEGMENT_ENDED) != 0;
        }
    }

    private static String initialNameSource(Attributes attributes) {
        Object source = attributes == null ? null : attributes.get(SpanData.NAME_SOURCE_KEY);
        return source == null ? null : source.toString();
    }

    public TraceContext trace() {
        return trace;
    }

    public SpanImpl segment() {
        return segment;
    }

    public boolean hasEnded() {
        return ended;
    }

    /**
     * @return the trace as a thread continues it from this span: local roots started there (once this span has
     *     ended) join the trace with this span as their parent, and outgoing calls name it as their parent
     */
    public PropagationContext continuation() {
        return new PropagationContext(trace, spanId, spanId);
    }

    public String name() {
        return name;
    }

    public String nameSource() {
        return nameSource;
    }

    private Span put(String key, Object value) {
        if (recording && key != null) {
            synchronized (this) {
                if (!ended) {
                    if (attributes == null) {
                        attributes = new Attributes();
                    } else if (attributesShared) {
                        attributes = attributes.copy();
                        attributesShared = false;
                    }
                    attributes.put(key, value);
                    if (key.equals(SpanData.NAME_SOURCE_KEY)) {
                        nameSource = value == null ? null : value.toString();
                    }
                }
            }
        }
        return this;
    }

    @Override
    public Span setAttribute(String key, String value) {
        return put(key, value);
    }

    @Override
    public Span setAttribute(String key, long value) {
        return put(key, value);
    }

    @Override
    public Span setAttribute(String key, double value) {
        return put(key, value);
    }

    @Override
    public Span setAttribute(String key, boolean value) {
        return put(key, value);
    }

    @Override
    public Span setAttribute(String key, List<?> value) {
        return put(key, value);
    }

    @Override
    public Span setAttributes(Map<String, ?> values) {
        if (recording && values != null) {
            values.forEach(this::put);
        }
        return this;
    }

    @Override
    public Span removeAttribute(String key) {
        return put(key, null);
    }

    @Override
    public Span setStatus(SpanStatus status) {
        if (recording && status != null) {
            synchronized (this) {
                if (!ended) {
                    this.status = status;
                }
            }
        }
        return this;
    }

    @Override
    public Span recordException(Throwable exception) {
        setStatus(SpanStatus.ERROR);
        if (exception != null) {
            put("error.type", exception.getClass().getName());
            shared.onException(this, exception);
        }
        return this;
    }

    @Override
    public Span setName(String name) {
        if (name != null && !ended) {
            synchronized (this) { // the name is part of what the span hands over when it ends: frozen from then on
                if (!ended) {
                    this.name = Attributes.truncate(name);
                    if (recording && shared.ignores(this.name)) {
                        ignored = true;
                    }
                }
            }
        }
        return this;
    }

    @Override
    public void end() {
        endAt(clock.nowEpochNanos());
    }

    @Override
    public void end(Instant endTime) {
        if (endTime == null) {
            end();
            return;
        }
        endAt(Math.max(startEpochNanos, AnchoredClock.epochNanos(endTime)));
    }

    @Override
    public void close() {
        end();
    }

    private void endAt(long endEpochNanos) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            // A span that does not record hands nothing over: no empty attributes for it.
            if (attributes == null && recording) {
                attributes = new Attributes();
            }
        }
        CurrentSpan.detach(this);
        int unfinished = 0;
        boolean afterSegment = false;
        boolean countedBySegment = false;
        if (segment != this) {
            afterSegment = (segment.openChildren.getAndDecrement() & SEGMENT_ENDED) != 0;
            countedBySegment = afterSegment && !startedAfterSegment;
        } else {
            unfinished = openChildren.getAndUpdate(open -> open | SEGMENT_ENDED) & ~SEGMENT_ENDED;
        }
        if (recording && (ignored || segment.ignored)) {
            shared.onIgnoredEnd(this == segment ? spanId : 0);
        } else if (recording) {
            endState = new EndState(endEpochNanos, segment.name, segment.nameSource, startThread.getId(),
                    startThread.getName(), unfinished, afterSegment, countedBySegment);
            shared.onEnd(this);
        } else {
            shared.onNotRecordedEnd(countAs);
        }
    }

    /** @return this span as an error event links to it, as it is now */
    synchronized EventTraceContext eventTraceContext() {
        Object op = attributes == null ? null : attributes.get("sentry.op");
        Object message = attributes == null ? null : attributes.get(StatusMessage.ATTRIBUTE);
        return new EventTraceContext(trace, Ids.hex(spanId), parentSpanId == 0 ? null : Ids.hex(parentSpanId),
                Ids.hex(segment.spanId), op == null ? null : op.toString(), StatusMessage.forEvent(status, message),
                segment.name, segment.nameSource, request());
    }

    /** @return the request this span served, else its local root's (lock order: a child, then its root) */
    private HttpRequestData request() {
        HttpRequestData request = HttpRequestData.of(attributes);
        return request != null || segment == this ? request : segment.eventTraceContext().request();
    }

    @Override
    public String traceId() {
        return trace.traceId();
    }

    @Override
    public String spanId() {
        return Ids.hex(spanId);
    }

    @Override
    public boolean isSampled() {
        SamplingDecision decision = trace.decision();
        return decision != null && decision.sampled() && !ignored && !segment.ignored
                && countAs != DiscardReason.IGNORED;
    }

    @Override
    public boolean isRecording() {
        return recording && !ended;
    }

    public boolean recording() {
        return recording;
    }

    // ---------------------------------------------------------------- SpanData, read once the span has ended

    @Override
    public long spanIdBits() {
        return spanId;
    }

    @Override
    public long parentSpanIdBits() {
        return parentSpanId;
    }

    @Override
    public long segmentIdBits() {
        return segment.spanId;
    }

    @Override
    public String segmentName() {
        return endState.segmentName();
    }

    @Override
    public SpanStatus status() {
        return status;
    }

    @Override
    public long startEpochNanos() {
        return startEpochNanos;
    }

    @Override
    public long endEpochNanos() {
        return endState.epochNanos();
    }

    @Override
    public Attributes attributes() {
        return attributes;
    }

    @Override
    public long threadId() {
        return endState.threadId();
    }

    @Override
    public String threadName() {
        return endState.threadName();
    }

    @Override
    public int unfinishedChildren() {
        return endState.unfinishedChildren();
    }

    @Override
    public boolean endedAfterSegment() {
        return endState.endedAfterSegment();
    }

    @Override
    public boolean countedBySegment() {
        return endState.countedBySegment();
    }

    @Override
    public String segmentNameSource() {
        return endState.segmentNameSource();
    }

    public DiscardReason countAs() {
        return countAs;
    }

    @Override
    public String toString() {
        return "Span[" + name + ", trace " + trace.traceId() + ", id " + spanId() + "]";
    }
}
