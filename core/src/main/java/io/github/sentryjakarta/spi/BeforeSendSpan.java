package io.github.sentryjakarta.spi;

/**
 * Sees every finished span before it is sent, on the library's sender thread (never on an application
 * thread). It may rename the span and change its attributes; it cannot drop a span. A hook that throws is
 * logged once and the span is sent unchanged.
 *
 * <p>Where CDI runs, a bean implementing this interface is picked up automatically.
 */
@FunctionalInterface
public interface BeforeSendSpan {

    /** @param span the span about to be sent, editable for the duration of the call */
    void process(EditableSpan span);
}
