package io.github.sentryjakarta.integration;

import java.util.Locale;

/**
 * How finished spans travel to Sentry ({@code sentry.trace-lifecycle}).
 */
public enum TraceLifecycle {
    /** Spans are sent as span v2 envelopes, per trace, seconds after they end. */
    STREAM,
    /** One transaction event per local root, holding its finished children (the default). */
    STATIC;

    /** @return the config value, {@code stream} or {@code static} */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
