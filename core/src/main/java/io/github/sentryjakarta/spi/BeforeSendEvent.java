package io.github.sentryjakarta.spi;

/**
 * Sees every error event before it is sent, on the library's sender thread (never on an application
 * thread). It may change the event (transaction name, level, tags, exception messages) or drop it by
 * returning {@code false}; a drop is counted in client reports as {@code before_send} (category
 * {@code error}). A hook that throws is logged once and the event is sent unchanged.
 *
 * <p>Where CDI runs, a bean implementing this interface is picked up automatically.
 */
@FunctionalInterface
public interface BeforeSendEvent {

    /**
     * @param event the event about to be sent, editable for the duration of the call
     * @return {@code true} to send it, {@code false} to drop it
     */
    boolean process(EditableEvent event);
}
