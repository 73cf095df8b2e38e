package io.github.sentryjakarta.cdi.testbeans;

import io.github.sentryjakarta.spi.BeforeSendSpan;
import io.github.sentryjakarta.spi.EditableSpan;
import jakarta.enterprise.context.ApplicationScoped;

/** Marks every span and renames one. */
@ApplicationScoped
public class SpanHookBean implements BeforeSendSpan {

    @Override
    public void process(EditableSpan span) {
        span.setAttribute("hooked", "yes");
        if (span.name().equals("rename me")) {
            span.setName("renamed");
        }
    }
}
