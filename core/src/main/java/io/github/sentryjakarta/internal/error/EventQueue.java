package io.github.sentryjakarta.internal.error;

import io.github.sentryjakarta.internal.propagation.Dsc;

/** Where captured error events go to be prepared, encoded and sent, off the application's thread. */
public interface EventQueue {

    /**
     * Queues an error event; never blocks, drops and counts when full.
     *
     * @param dsc the trace's dynamic sampling context, or {@code null} if the event belongs to no trace
     * @param event the captured error
     */
    void enqueueEvent(Dsc dsc, ErrorEvent event);
}
