package io.github.sentryjakarta.spi;

import java.util.List;
import java.util.Map;

/**
 * An error event as a {@link BeforeSendEvent} sees it.
 */
public interface EditableEvent {

    /** @return the event id (32 hex digits) */
    String eventId();

    /** @return the exception the event was captured from */
    Throwable throwable();

    /** @return whether the application handled the exception ({@code false} for one that left a request unmapped) */
    boolean handled();

    /** @return the trace id the event is linked to */
    String traceId();

    /** @return the span id the event is linked to */
    String spanId();

    /** @return the event's {@code transaction}: the name of the local root span */
    String transaction();

    /** Sets the event's {@code transaction}. */
    void setTransaction(String transaction);

    /** @return the level, {@code error} unless changed */
    String level();

    /** Sets the level: {@code fatal}, {@code error}, {@code warning}, {@code info} or {@code debug}. */
    void setLevel(String level);

    /** @return a read-only view of the tags */
    Map<String, String> tags();

    /** Sets a tag; {@code null} removes it. */
    void setTag(String key, String value);

    /** @return the messages of the exception chain, root cause first, as sent ({@code null} where none) */
    List<String> exceptionMessages();

    /** Replaces the message at {@code index} of {@link #exceptionMessages()}, e.g. to remove personal data. */
    void setExceptionMessage(int index, String message);
}
