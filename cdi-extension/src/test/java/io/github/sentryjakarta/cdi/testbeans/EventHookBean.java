package io.github.sentryjakarta.cdi.testbeans;

import io.github.sentryjakarta.spi.BeforeSendEvent;
import io.github.sentryjakarta.spi.EditableEvent;
import jakarta.enterprise.context.ApplicationScoped;

/** Drops events of exceptions whose message says so, tags the others. */
@ApplicationScoped
public class EventHookBean implements BeforeSendEvent {

    @Override
    public boolean process(EditableEvent event) {
        event.setTag("hooked", "yes");
        return !String.valueOf(event.throwable().getMessage()).startsWith("drop");
    }
}
