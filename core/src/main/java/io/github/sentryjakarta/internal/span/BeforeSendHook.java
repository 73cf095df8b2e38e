package io.github.sentryjakarta.internal.span;

import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.spi.BeforeSendSpan;
import io.github.sentryjakarta.spi.EditableSpan;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the user's {@link BeforeSendSpan} on a finished span, on the sender thread. The hook edits a copy,
 * so the snapshot other code may still hold never changes; a hook that throws is logged once and the span
 * goes out unchanged. It cannot drop a span.
 */
public final class BeforeSendHook {

    private static final System.Logger LOG = System.getLogger(BeforeSendHook.class.getName());

    private final BeforeSendSpan hook;
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    /** @param options where the hook, if any, is configured */
    public BeforeSendHook(SentryOptions options) {
        this.hook = options.beforeSendSpan().orElse(null);
    }

    /** @return the span as the hook left it, or {@code span} itself without a hook */
    public SpanData apply(SpanData span) {
        if (hook == null) {
            return span;
        }
        Editable editable = new Editable(span);
        try {
            hook.process(editable);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // a user's AssertionError or linkage error must not kill the sender thread
            if (failureLogged.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "BeforeSendSpan threw; spans are sent unchanged when it does", e);
            }
            return span;
        }
        return span.withNameAndAttributes(editable.name, editable.attributes);
    }

    /**
     * Runs the hook on every span of a list the caller owns, replacing each by the hook's copy; without a
     * hook, touches nothing, so that the encoder's common case allocates no second list per trace.
     */
    public void applyInPlace(List<SpanData> spans) {
        if (hook == null) {
            return;
        }
        for (int i = 0; i < spans.size(); i++) {
            spans.set(i, apply(spans.get(i)));
        }
    }

    private static final class Editable implements EditableSpan {
        private final SpanData span;
        private final Attributes attributes;
        private String name;

        Editable(SpanData span) {
            this.span = span;
            this.attributes = span.attributes().copy();
            this.name = span.name();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void setName(String name) {
            if (name != null && !name.isEmpty()) {
                this.name = Attributes.truncate(name);
            }
        }

        @Override
        public String traceId() {
            return span.traceId();
        }

        @Override
        public String spanId() {
            return span.spanId();
        }

        @Override
        public Map<String, Object> attributes() {
            return Collections.unmodifiableMap(attributes.toMap());
        }

        @Override
        public void setAttribute(String key, Object value) {
            attributes.put(key, value);
        }

        @Override
        public void removeAttribute(String key) {
            attributes.remove(key);
        }
    }
}
