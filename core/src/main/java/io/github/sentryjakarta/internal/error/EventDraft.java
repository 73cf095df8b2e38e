package io.github.sentryjakarta.internal.error;

import io.github.sentryjakarta.spi.EditableEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An error event ready to be written: the captured {@link ErrorEvent}, its exception chain, and the parts a
 * {@code BeforeSendEvent} may change. Made on the sender thread by {@link EventPreparer}; the envelope
 * encoder writes it.
 */
public final class EventDraft implements EditableEvent {

    private static final Set<String> LEVELS = Set.of("fatal", "error", "warning", "info", "debug");

    private final ErrorEvent event;
    private final List<ExceptionValue> exceptions;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private String transaction;
    private String level = "error";

    EventDraft(ErrorEvent event, List<ExceptionValue> exceptions) {
        this.event = event;
        this.exceptions = new ArrayList<>(exceptions);
        this.transaction = event.trace() == null ? null : event.trace().segmentName();
    }

    /** @return what the application thread captured */
    public ErrorEvent event() {
        return event;
    }

    /** @return the exception chain, root cause first */
    public List<ExceptionValue> exceptions() {
        return exceptions;
    }

    @Override
    public String eventId() {
        return event.eventId();
    }

    @Override
    public Throwable throwable() {
        return event.throwable();
    }

    @Override
    public boolean handled() {
        return event.handled();
    }

    @Override
    public String traceId() {
        return event.trace() == null ? null : event.trace().traceId();
    }

    @Override
    public String spanId() {
        return event.trace() == null ? null : event.trace().spanId();
    }

    @Override
    public String transaction() {
        return transaction;
    }

    @Override
    public void setTransaction(String transaction) {
        this.transaction = transaction;
    }

    @Override
    public String level() {
        return level;
    }

    @Override
    public void setLevel(String level) {
        if (level != null && LEVELS.contains(level)) {
            this.level = level;
        }
    }

    @Override
    public Map<String, String> tags() {
        return Collections.unmodifiableMap(tags);
    }

    @Override
    public void setTag(String key, String value) {
        if (key == null) {
            return;
        }
        if (value == null) {
            tags.remove(key);
        } else {
            tags.put(key, value);
        }
    }

    @Override
    public List<String> exceptionMessages() {
        return exceptions.stream().map(ExceptionValue::value).toList();
    }

    @Override
    public void setExceptionMessage(int index, String message) {
        exceptions.set(index, exceptions.get(index).withValue(message));
    }
}
