package io.github.sentryjakarta.internal.span;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.internal.outcome.DiscardReason;

/**
 * What every span of one configuration shares and reports to (OpenTelemetry's {@code TracerSharedState}): how a
 * span starts (sampling, ignored names, the current span), where a finished span goes, and how drops are counted.
 * Spans and builders hold it instead of the engine, so this package never imports the engine that implements it.
 */
public interface TracerSharedState {

    /** @param continued the incoming trace of a new local root, or {@code null} for this thread's */
    Span start(String name, SpanImpl explicitParent, boolean noParent, boolean makeCurrent, Attributes attributes,
            PropagationContext continued);

    /** A span recorded an exception leaving it: the first span to do so is where it happened. */
    void onException(SpanImpl span, Throwable exception);

    /** @return whether a span of this name is dropped by {@code sentry.ignore-spans} */
    boolean ignores(String name);

    /** A recording span ended. */
    void onEnd(SpanData span);

    /** A recording span whose name (or whose root's) is ignored. @param segmentId its id if it is a root, else 0 */
    void onIgnoredEnd(long segmentId);

    /** A span that recorded nothing ended. @param countAs why it was not recorded, or {@code null} if not counted */
    void onNotRecordedEnd(DiscardReason countAs);
}
