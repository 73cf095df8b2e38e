package io.github.sentryjakarta.internal.span;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.SpanBuilder;

/**
 * Collects the settings of {@link io.github.sentryjakarta.Traces#spanBuilder(String)} and starts the span.
 */
public final class SpanBuilderImpl implements SpanBuilder {

    private final TracerSharedState shared;
    private final String name;
    private SpanImpl parent;
    private boolean noParent;
    private boolean active = true;
    private Attributes attributes;
    /** The attributes went to a started span, which copies before it writes: copy before writing here too. */
    private boolean handedOver;

    /** The incoming trace a local root continues instead of the thread's, or null. */
    private final PropagationContext continued;

    public SpanBuilderImpl(TracerSharedState shared, String name) {
        this(shared, name, null);
    }

    public SpanBuilderImpl(TracerSharedState shared, String name, PropagationContext continued) {
        this.shared = shared;
        this.name = name;
        this.continued = continued;
    }

    @Override
    public SpanBuilder parent(Span parent) {
        // A span of another implementation (or a disabled runtime's) cannot carry our trace: ignore it.
        this.parent = parent instanceof SpanImpl impl ? impl : null;
        this.noParent = false;
        return this;
    }

    @Override
    public SpanBuilder noParent() {
        this.noParent = true;
        this.parent = null;
        return this;
    }

    @Override
    public SpanBuilder attribute(String key, Object value) {
        if (attributes == null) {
            attributes = new Attributes();
        } else if (handedOver) {
            attributes = attributes.copy();
            handedOver = false;
        }
        attributes.put(key, value);
        return this;
    }

    @Override
    public SpanBuilder active(boolean active) {
        this.active = active;
        return this;
    }

    @Override
    public SpanBuilder op(String op) {
        return attribute("sentry.op", op);
    }

    @Override
    public Span start() {
        handedOver = true;
        return shared.start(name, parent, noParent, active, attributes, parent == null ? continued : null);
    }
}
