package io.github.sentryjakarta;

/**
 * Configures a span before it starts. Obtained from {@link Traces#spanBuilder(String)}.
 */
public interface SpanBuilder {

    /** Makes the span a child of {@code parent} instead of the current span. @return this builder */
    SpanBuilder parent(Span parent);

    /**
     * Starts a new local root, ignoring the current span: in the trace this thread continues
     * ({@link Traces#continueTrace}), or else in a new trace. @return this builder
     */
    SpanBuilder noParent();

    /** Sets an attribute at start, visible to a {@code TracesSampler}. @return this builder */
    SpanBuilder attribute(String key, Object value);

    /** Whether the span becomes current on start (default {@code true}). @return this builder */
    SpanBuilder active(boolean active);

    /** Sets {@code sentry.op}. @return this builder */
    SpanBuilder op(String op);

    /** @return the started span, never {@code null} */
    Span start();
}
