package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.internal.propagation.SamplingDecision;
import io.github.sentryjakarta.internal.propagation.TraceContext;
import io.github.sentryjakarta.internal.sampling.Sampler;
import io.github.sentryjakarta.internal.span.Attributes;
import io.github.sentryjakarta.internal.span.CurrentSpan;
import io.github.sentryjakarta.internal.span.IgnoredSpans;
import io.github.sentryjakarta.internal.span.PropagationContext;
import io.github.sentryjakarta.internal.span.SpanData;
import io.github.sentryjakarta.internal.span.SpanImpl;
import io.github.sentryjakarta.internal.span.TracerSharedState;

/**
 * The state every span of one configuration shares (OpenTelemetry's {@code TracerSharedState} with its
 * {@code SdkSpanBuilder#startSpan}): it decides how a span starts (its parent, the trace of a new local root,
 * sampling, {@code sentry.ignore-spans}, whether it becomes current) and hands a span's end to {@link SpanEnds}.
 * Spans and builders hold it as a {@link TracerSharedState}, never the runtime.
 *
 * <p>{@link #start} keeps the local root's path inline, not in a helper: at that size C2 does not inline it into
 * {@code SpanBuilderImpl.start()}, which then stays small enough to be inlined where the application calls it, so
 * the builder never reaches the heap (measured with a helper: 48 B more per span, {@code SentryJakartaBenchmark}).
 */
final class SpanFactory implements TracerSharedState {

    private final boolean active;
    private final Sampler sampler;
    private final IgnoredSpans ignoredSpans;
    private final TracePropagation propagation;
    private final SpanEnds ends;

    SpanFactory(SentryOptions options, TracePropagation propagation, SpanEnds ends) {
        this.active = options.isActive();
        this.sampler = new Sampler(options);
        this.ignoredSpans = new IgnoredSpans(options.ignoreSpans());
        this.propagation = propagation;
        this.ends = ends;
    }

    /** @param continued the incoming trace of a new local root, or {@code null} for this thread's */
    @Override
    public Span start(String name, SpanImpl explicitParent, boolean noParent, boolean makeCurrent,
            Attributes attributes, PropagationContext continued) {
        String spanName = name == null || name.isEmpty() ? "<unnamed>" : Attributes.truncate(name);
        SpanImpl parent = explicitParent != null ? explicitParent
                : noParent || continued != null ? null : CurrentSpan.get();
        boolean ignored = ignores(spanName);
        SpanImpl span;
        if (parent != null) {
            boolean recording = parent.recording() && !ignored;
            DiscardReason countAs = recording ? null : ignored ? DiscardReason.IGNORED : parent.countAs();
            span = new SpanImpl(parent, spanName, recording, countAs, attributes);
            if (ignored) {
                // Not made current: its children attach to its parent instead of to a span that is never sent.
                makeCurrent = false;
            }
        } else {
            // A local root continues the given trace, else the one this thread continues, else a new one.
            PropagationContext context = continued != null ? continued : PropagationContext.get();
            TraceContext trace = context != null ? context.trace() : propagation.newTrace();
            long remoteParent = context != null ? context.remoteParentSpanId() : 0;
            SamplingDecision decision = trace.decide(active ? sampler : null, spanName, attributes);
            boolean recording = active && decision.sampled() && !ignored;
            DiscardReason countAs = recording || !active ? null
                    : ignored ? DiscardReason.IGNORED : decision.counted() ? DiscardReason.SAMPLE_RATE : null;
            span = new SpanImpl(this, trace, remoteParent, spanName, recording, countAs, attributes);
            if (recording && decision.rate() != null) {
                span.setAttribute("sentry.sample_rate", decision.rate());
            }
        }
        if (makeCurrent) {
            CurrentSpan.attach(span);
        }
        return span;
    }

    /** @return whether a span of this name is dropped by {@code sentry.ignore-spans} */
    @Override
    public boolean ignores(String name) {
        return active && !ignoredSpans.isEmpty() && ignoredSpans.matches(name);
    }

    @Override
    public void onException(SpanImpl span, Throwable exception) {
        ends.exceptionLeft(span, exception);
    }

    @Override
    public void onEnd(SpanData span) {
        ends.recorded(span);
    }

    @Override
    public void onIgnoredEnd(long segmentId) {
        ends.ignored(segmentId);
    }

    @Override
    public void onNotRecordedEnd(DiscardReason countAs) {
        ends.notRecorded(countAs);
    }
}
