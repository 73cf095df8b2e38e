package io.github.sentryjakarta;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A timed operation within a trace.
 *
 * <p>A span is created by {@link Traces#startSpan(String)} or {@link Traces#spanBuilder(String)} and is
 * current on its thread until it ends. Ending restores the span that was current before, also when spans
 * end out of order or on another thread. Ending twice is harmless; changes after the end are ignored.
 *
 * <p>An unsampled span, or one created while the library is disabled, records nothing but still carries
 * a trace id and a span id, so that outgoing calls propagate the trace.
 *
 * <p>Attribute bounds: a span keeps at most {@value #MAX_ATTRIBUTES} attributes (later new keys are
 * ignored) and string values longer than {@value #MAX_STRING_LENGTH} characters are truncated.
 * Values that are none of the supported types are stored as their {@code toString()} form.
 */
public interface Span extends AutoCloseable {

    /** Attributes a span keeps at most. */
    int MAX_ATTRIBUTES = 128;

    /** Characters a string attribute value (and a span name) keeps at most. */
    int MAX_STRING_LENGTH = 8192;

    /** Sets a string attribute; {@code null} removes it. @return this span */
    Span setAttribute(String key, String value);

    /** Sets an integer attribute. @return this span */
    Span setAttribute(String key, long value);

    /** Sets a double attribute; NaN and infinities are stored as their string form. @return this span */
    Span setAttribute(String key, double value);

    /** Sets a boolean attribute. @return this span */
    Span setAttribute(String key, boolean value);

    /** Sets an array attribute of strings, longs, doubles or booleans. @return this span */
    Span setAttribute(String key, List<?> value);

    /** Sets every entry as an attribute, choosing the type from each value. @return this span */
    Span setAttributes(Map<String, ?> attributes);

    /** Removes an attribute. @return this span */
    Span removeAttribute(String key);

    /** Sets the status. @return this span */
    Span setStatus(SpanStatus status);

    /**
     * Records an exception: sets {@link SpanStatus#ERROR} and the attribute {@code error.type} (the class
     * name; never the message, which may hold personal data). @return this span
     */
    Span recordException(Throwable exception);

    /** Renames the span. @return this span */
    Span setName(String name);

    /** Ends the span now. */
    void end();

    /** Ends the span at the given time. */
    void end(Instant endTime);

    /** Same as {@link #end()}, so that spans work with try-with-resources. */
    @Override
    void close();

    /** @return the 32 lowercase hex digits of the trace id */
    String traceId();

    /** @return the 16 lowercase hex digits of the span id */
    String spanId();

    /** @return whether the trace is sampled (its spans are sent) */
    boolean isSampled();

    /** @return whether this span records data: sampled, not ended, library enabled */
    boolean isRecording();
}
