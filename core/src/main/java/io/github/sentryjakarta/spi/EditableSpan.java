package io.github.sentryjakarta.spi;

import java.util.Map;

/**
 * A finished span as a {@link BeforeSendSpan} sees it.
 */
public interface EditableSpan {

    /** @return the span name */
    String name();

    /** Renames the span. */
    void setName(String name);

    /** @return the trace id */
    String traceId();

    /** @return the span id */
    String spanId();

    /** @return a read-only view of the attributes */
    Map<String, Object> attributes();

    /** Sets an attribute (same types and bounds as {@code Span.setAttribute}); {@code null} removes it. */
    void setAttribute(String key, Object value);

    /** Removes an attribute. */
    void removeAttribute(String key);
}
