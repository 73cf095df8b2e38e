package io.github.sentryjakarta.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration keys of SPEC section 4 and the defaults that can be written down as strings.
 *
 * <p>Kept in one place so that {@link SentryConfig} (which reads them) and {@link SentryDefaultsConfigSource}
 * (which supplies their defaults) cannot drift apart; a test also compares {@link #DEFAULTS} with the
 * defaults of {@code SentryOptions.Builder}.
 */
final class Keys {

    static final String PREFIX = "sentry.";

    static final String ENABLED = "sentry.enabled";
    static final String DSN = "sentry.dsn";
    static final String TRACE_LIFECYCLE = "sentry.trace-lifecycle";
    static final String TRACES_SAMPLE_RATE = "sentry.traces-sample-rate";
    static final String ENVIRONMENT = "sentry.environment";
    static final String RELEASE = "sentry.release";
    static final String DIST = "sentry.dist";
    static final String SERVER_NAME = "sentry.server-name";
    static final String SEND_DEFAULT_PII = "sentry.send-default-pii";
    static final String IGNORE_SPANS = "sentry.ignore-spans";
    static final String TRACE_PROPAGATION_TARGETS = "sentry.trace-propagation-targets";
    static final String PROPAGATE_TRACEPARENT = "sentry.propagate-traceparent";
    static final String STRICT_TRACE_CONTINUATION = "sentry.strict-trace-continuation";
    static final String ORG_ID = "sentry.org-id";
    static final String SPOTLIGHT = "sentry.spotlight";
    static final String SPOTLIGHT_URL = "sentry.spotlight-url";
    static final String DEBUG = "sentry.debug";
    static final String SHUTDOWN_TIMEOUT_MILLIS = "sentry.shutdown-timeout-millis";
    static final String MAX_SPANS = "sentry.max-spans";
    static final String FLUSH_INTERVAL_MILLIS = "sentry.span-buffer.flush-interval-millis";
    static final String MAX_SPANS_PER_TRACE = "sentry.span-buffer.max-spans-per-trace";
    static final String MAX_BUFFERED_SPANS = "sentry.span-buffer.max-buffered-spans";
    static final String QUEUE_SIZE = "sentry.transport.queue-size";
    static final String MAX_REQUESTS = "sentry.transport.max-requests";
    static final String MAX_QUEUED_BYTES = "sentry.transport.max-queued-bytes";
    static final String OUTBOX_DIR = "sentry.outbox-dir";
    static final String OUTBOX_MAX_ENVELOPES = "sentry.outbox.max-envelopes";
    static final String OUTBOX_MAX_BYTES = "sentry.outbox.max-bytes";
    static final String JAXRS_IGNORE_PATHS = "sentry.jaxrs.ignore-paths";
    static final String CAPTURE_UNHANDLED = "sentry.capture-unhandled";
    static final String IN_APP_INCLUDES = "sentry.in-app-includes";

    /** Every key, in the order of SPEC section 4; also the order in which problems are reported. */
    static final List<String> ALL = List.of(
            ENABLED, DSN, TRACE_LIFECYCLE, TRACES_SAMPLE_RATE, ENVIRONMENT, RELEASE, DIST, SERVER_NAME,
            SEND_DEFAULT_PII, IGNORE_SPANS, TRACE_PROPAGATION_TARGETS, PROPAGATE_TRACEPARENT,
            STRICT_TRACE_CONTINUATION, ORG_ID, SPOTLIGHT, SPOTLIGHT_URL, DEBUG, SHUTDOWN_TIMEOUT_MILLIS, MAX_SPANS,
            FLUSH_INTERVAL_MILLIS, MAX_SPANS_PER_TRACE, MAX_BUFFERED_SPANS, QUEUE_SIZE, MAX_REQUESTS, MAX_QUEUED_BYTES,
            OUTBOX_DIR, OUTBOX_MAX_ENVELOPES, OUTBOX_MAX_BYTES, CAPTURE_UNHANDLED, IN_APP_INCLUDES, JAXRS_IGNORE_PATHS);

    /**
     * The defaults of SPEC section 4 that are fixed strings. Left out on purpose: keys without a default
     * (dsn, traces-sample-rate, release, dist, outbox-dir), keys whose default is computed (server-name is the host
     * name, org-id comes from the DSN) and empty lists (ignore-spans, in-app-includes, jaxrs.ignore-paths), because
     * MicroProfile Config treats an empty value as "not set" anyway.
     */
    static final Map<String, String> DEFAULTS = defaults();

    private Keys() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(ENABLED, "true");
        d.put(TRACE_LIFECYCLE, "stream");
        d.put(ENVIRONMENT, "production");
        d.put(SEND_DEFAULT_PII, "false");
        d.put(TRACE_PROPAGATION_TARGETS, ".*");
        d.put(PROPAGATE_TRACEPARENT, "false");
        d.put(STRICT_TRACE_CONTINUATION, "false");
        d.put(SPOTLIGHT, "false");
        d.put(SPOTLIGHT_URL, "http://localhost:8969/stream");
        d.put(DEBUG, "false");
        d.put(SHUTDOWN_TIMEOUT_MILLIS, "2000");
        d.put(MAX_SPANS, "1000");
        d.put(FLUSH_INTERVAL_MILLIS, "5000");
        d.put(MAX_SPANS_PER_TRACE, "2000");
        d.put(MAX_BUFFERED_SPANS, "20000");
        d.put(QUEUE_SIZE, "20000");
        d.put(MAX_REQUESTS, "128");
        d.put(MAX_QUEUED_BYTES, "16777216");
        d.put(OUTBOX_MAX_ENVELOPES, "1000");
        d.put(OUTBOX_MAX_BYTES, "67108864");
        d.put(CAPTURE_UNHANDLED, "true");
        return java.util.Collections.unmodifiableMap(d);
    }
}
