package io.github.sentryjakarta.integration;

import static io.github.sentryjakarta.integration.CoreOptions.*;

import io.github.sentryjakarta.spi.BeforeSendEvent;
import io.github.sentryjakarta.spi.BeforeSendSpan;
import io.github.sentryjakarta.spi.TracesSampler;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/**
 * Everything the library is configured with, immutable: one value per {@link Option}. The options are declared
 * in {@link CoreOptions} (and a module's {@link OptionTable}); the {@code sentry-jakarta-config} module builds
 * this from MicroProfile Config, and plain Java code can use {@link #builder()}. Setters validate and throw
 * {@link InvalidOptionException} naming the key.
 *
 * <p>The library's own values sit in an array indexed by option, so a getter is an array read; a module's
 * options sit in a small map, read once per options instance by the module.
 */
public final class SentryOptions {

    /** The SDK name sent to Sentry. */
    public static final String SDK_NAME = "sentry.java.jakarta";
    /** The SDK version sent to Sentry. */
    public static final String SDK_VERSION = "0.1.0";

    private final Object[] values;
    private final Map<Option<?>, Object> moduleValues;

    private SentryOptions(Builder b) {
        values = b.values.clone();
        moduleValues = Map.copyOf(b.moduleValues);
        // Resolved only now, and only if unset: a host with broken DNS must not stall every builder.
        if (values[SERVER_NAME.index] == null) {
            values[SERVER_NAME.index] = defaultServerName();
        }
        Dsn dsn = (Dsn) values[DSN.index];
        if (values[ORG_ID.index] == null && dsn != null) {
            values[ORG_ID.index] = dsn.orgId().orElse(null);
        }
    }

    private static String defaultServerName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return "localhost";
        }
    }

    /** @return a builder holding the documented defaults */
    public static Builder builder() {
        return new Builder(null);
    }

    /** @return a builder holding these options */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * @param option one of {@link CoreOptions} or a module's option
     * @param <T> the type of its value
     * @return its value here ({@code null} for none)
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Option<T> option) {
        if (option.index >= 0) {
            return (T) values[option.index];
        }
        Object value = moduleValues.get(option);
        return value != null ? (T) value : option.defaultValue();
    }

    @SuppressWarnings("unchecked")
    private <T> T value(Option<T> coreOption) {
        return (T) values[coreOption.index];
    }

    /** @return whether anything is sent at all: enabled, and a DSN or Spotlight configured */
    public boolean isActive() {
        return enabled() && (value(DSN) != null || spotlight());
    }

    /** @return {@code sentry.enabled} */
    public boolean enabled() { return value(ENABLED); }
    /** @return {@code sentry.dsn}, if set */
    public Optional<Dsn> dsn() { return Optional.ofNullable(value(DSN)); }
    /** @return {@code sentry.trace-lifecycle} */
    public TraceLifecycle traceLifecycle() { return value(TRACE_LIFECYCLE); }
    /** @return {@code sentry.traces-sample-rate}, if set */
    public Optional<Double> tracesSampleRate() { return Optional.ofNullable(value(TRACES_SAMPLE_RATE)); }
    /** @return {@code sentry.environment} */
    public String environment() { return value(ENVIRONMENT); }
    /** @return {@code sentry.release}, if set */
    public Optional<String> release() { return Optional.ofNullable(value(RELEASE)); }
    /** @return {@code sentry.dist}, if set */
    public Optional<String> dist() { return Optional.ofNullable(value(DIST)); }
    /** @return {@code sentry.server-name} */
    public String serverName() { return value(SERVER_NAME); }
    /** @return {@code sentry.send-default-pii} */
    public boolean sendDefaultPii() { return value(SEND_DEFAULT_PII); }
    /** @return {@code sentry.ignore-spans} */
    public List<String> ignoreSpans() { return value(IGNORE_SPANS); }
    /** @return {@code sentry.trace-propagation-targets} */
    public List<String> tracePropagationTargets() { return value(TRACE_PROPAGATION_TARGETS); }
    /** @return {@code sentry.propagate-traceparent} */
    public boolean propagateTraceparent() { return value(PROPAGATE_TRACEPARENT); }
    /** @return {@code sentry.strict-trace-continuation} */
    public boolean strictTraceContinuation() { return value(STRICT_TRACE_CONTINUATION); }
    /** @return {@code sentry.org-id}, else the org id in the DSN host, if any */
    public Optional<String> orgId() { return Optional.ofNullable(value(ORG_ID)); }
    /** @return {@code sentry.spotlight} */
    public boolean spotlight() { return value(SPOTLIGHT); }
    /** @return {@code sentry.spotlight-url} */
    public URI spotlightUrl() { return value(SPOTLIGHT_URL); }
    /** @return {@code sentry.debug} */
    public boolean debug() { return value(DEBUG); }
    /** @return {@code sentry.shutdown-timeout-millis} */
    public Duration shutdownTimeout() { return value(SHUTDOWN_TIMEOUT); }
    /** @return {@code sentry.max-spans} */
    public int maxSpans() { return value(MAX_SPANS); }
    /** @return {@code sentry.span-buffer.flush-interval-millis} */
    public Duration flushInterval() { return value(FLUSH_INTERVAL); }
    /** @return {@code sentry.span-buffer.max-spans-per-trace} */
    public int maxSpansPerTrace() { return value(MAX_SPANS_PER_TRACE); }
    /** @return {@code sentry.span-buffer.max-buffered-spans} */
    public int maxBufferedSpans() { return value(MAX_BUFFERED_SPANS); }
    /** @return {@code sentry.transport.queue-size}: spans handed to the transport and not yet encoded */
    public int queueSize() { return value(QUEUE_SIZE); }
    /** @return {@code sentry.transport.max-requests}: envelope requests in flight at once */
    public int maxRequests() { return value(MAX_REQUESTS); }
    /** @return {@code sentry.transport.max-queued-bytes}: bytes of envelopes waiting or in flight, as sent */
    public long maxQueuedBytes() { return value(MAX_QUEUED_BYTES); }
    /** @return {@code sentry.transport.gzip-min-bytes}: the smallest envelope sent gzip-compressed */
    public long gzipMinBytes() { return value(GZIP_MIN_BYTES); }
    /** @return {@code sentry.outbox-dir}, if set */
    public Optional<java.nio.file.Path> outboxDir() { return Optional.ofNullable(value(OUTBOX_DIR)); }
    /** @return {@code sentry.outbox.max-envelopes} */
    public int outboxMaxEnvelopes() { return value(OUTBOX_MAX_ENVELOPES); }
    /** @return {@code sentry.outbox.max-bytes} */
    public long outboxMaxBytes() { return value(OUTBOX_MAX_BYTES); }
    /** @return the connect timeout of the HTTP transport (5 s) */
    public Duration connectTimeout() { return value(CONNECT_TIMEOUT); }
    /** @return the timeout of one whole envelope request (15 s) */
    public Duration requestTimeout() { return value(REQUEST_TIMEOUT); }
    /** @return the user's sampler, if any */
    public Optional<TracesSampler> tracesSampler() { return Optional.ofNullable(value(TRACES_SAMPLER)); }
    /** @return the user's span hook, if any */
    public Optional<BeforeSendSpan> beforeSendSpan() { return Optional.ofNullable(value(BEFORE_SEND_SPAN)); }
    /** @return the factory of the library's threads, if the integration supplies one */
    public Optional<ThreadFactory> threadFactory() { return Optional.ofNullable(value(THREAD_FACTORY)); }
    /** @return {@code sentry.capture-unhandled} */
    public boolean captureUnhandled() { return value(CAPTURE_UNHANDLED); }
    /** @return {@code sentry.in-app-includes}: package prefixes whose stack frames are the application's */
    public List<String> inAppIncludes() { return value(IN_APP_INCLUDES); }
    /** @return the user's error event hook, if any */
    public Optional<BeforeSendEvent> beforeSendEvent() { return Optional.ofNullable(value(BEFORE_SEND_EVENT)); }

    /**
     * Builds {@link SentryOptions}; starts from the documented defaults. Each setter checks its value against
     * its option's rule.
     */
    public static final class Builder {
        private final Object[] values;
        private final Map<Option<?>, Object> moduleValues;

        private Builder(SentryOptions from) {
            if (from != null) {
                values = from.values.clone();
                moduleValues = new HashMap<>(from.moduleValues);
            } else {
                values = CoreOptions.ALL.stream().map(Option::defaultValue).toArray();
                moduleValues = new HashMap<>();
            }
        }

        /**
         * @param option one of {@link CoreOptions} or a module's option
         * @param value its value; {@code null} for none where the option allows it
         * @param <T> the type of its value
         * @return this builder
         * @throws InvalidOptionException if the option's rule does not allow {@code value}
         */
        public <T> Builder set(Option<T> option, T value) {
            T checked = option.check(value);
            if (option.index >= 0) {
                values[option.index] = checked;
            } else if (checked == null) {
                moduleValues.remove(option);
            } else {
                moduleValues.put(option, checked);
            }
            return this;
        }

        /**
         * @param option the option
         * @param raw its value as configured, converted and checked as a config source's would be
         * @return this builder
         * @throws InvalidOptionException quoting {@code raw}, if it is not allowed
         */
        public <T> Builder parse(Option<T> option, String raw) {
            return set(option, option.parse(raw));
        }

        /** {@code sentry.enabled}. @return this builder */
        public Builder enabled(boolean value) { return set(ENABLED, value); }
        /** {@code sentry.dsn}; {@code null} or blank for none. @return this builder */
        public Builder dsn(String value) { return parse(DSN, value); }
        /** {@code sentry.trace-lifecycle}. @return this builder */
        public Builder traceLifecycle(TraceLifecycle value) { return set(TRACE_LIFECYCLE, value); }
        /** {@code sentry.traces-sample-rate}; {@code null} for none. @return this builder */
        public Builder tracesSampleRate(Double value) { return set(TRACES_SAMPLE_RATE, value); }
        /** {@code sentry.environment}. @return this builder */
        public Builder environment(String value) { return set(ENVIRONMENT, value); }
        /** {@code sentry.release}. @return this builder */
        public Builder release(String value) { return set(RELEASE, value); }
        /** {@code sentry.dist}. @return this builder */
        public Builder dist(String value) { return set(DIST, value); }
        /** {@code sentry.server-name}. @return this builder */
        public Builder serverName(String value) { return set(SERVER_NAME, value); }
        /** {@code sentry.send-default-pii}. @return this builder */
        public Builder sendDefaultPii(boolean value) { return set(SEND_DEFAULT_PII, value); }
        /** {@code sentry.ignore-spans}. @return this builder */
        public Builder ignoreSpans(List<String> value) { return set(IGNORE_SPANS, value); }
        /** {@code sentry.trace-propagation-targets}. @return this builder */
        public Builder tracePropagationTargets(List<String> value) { return set(TRACE_PROPAGATION_TARGETS, value); }
        /** {@code sentry.propagate-traceparent}. @return this builder */
        public Builder propagateTraceparent(boolean value) { return set(PROPAGATE_TRACEPARENT, value); }
        /** {@code sentry.strict-trace-continuation}. @return this builder */
        public Builder strictTraceContinuation(boolean value) { return set(STRICT_TRACE_CONTINUATION, value); }
        /** {@code sentry.org-id}; digits only, {@code null} to take it from the DSN. @return this builder */
        public Builder orgId(String value) { return set(ORG_ID, value); }
        /** {@code sentry.spotlight}. @return this builder */
        public Builder spotlight(boolean value) { return set(SPOTLIGHT, value); }
        /** {@code sentry.spotlight-url}. @return this builder */
        public Builder spotlightUrl(String value) { return parse(SPOTLIGHT_URL, value); }
        /** {@code sentry.debug}. @return this builder */
        public Builder debug(boolean value) { return set(DEBUG, value); }
        /** {@code sentry.shutdown-timeout-millis}. @return this builder */
        public Builder shutdownTimeout(Duration value) { return set(SHUTDOWN_TIMEOUT, value); }
        /** {@code sentry.max-spans}. @return this builder */
        public Builder maxSpans(int value) { return set(MAX_SPANS, value); }
        /** {@code sentry.span-buffer.flush-interval-millis}. @return this builder */
        public Builder flushInterval(Duration value) { return set(FLUSH_INTERVAL, value); }
        /** {@code sentry.span-buffer.max-spans-per-trace}. @return this builder */
        public Builder maxSpansPerTrace(int value) { return set(MAX_SPANS_PER_TRACE, value); }
        /** {@code sentry.span-buffer.max-buffered-spans}. @return this builder */
        public Builder maxBufferedSpans(int value) { return set(MAX_BUFFERED_SPANS, value); }
        /** {@code sentry.transport.queue-size}. @return this builder */
        public Builder queueSize(int value) { return set(QUEUE_SIZE, value); }
        /** {@code sentry.transport.max-requests}. @return this builder */
        public Builder maxRequests(int value) { return set(MAX_REQUESTS, value); }
        /** {@code sentry.transport.max-queued-bytes}; at least 64 KiB. @return this builder */
        public Builder maxQueuedBytes(long value) { return set(MAX_QUEUED_BYTES, value); }
        /** {@code sentry.transport.gzip-min-bytes}; 0 compresses every envelope. @return this builder */
        public Builder gzipMinBytes(long value) { return set(GZIP_MIN_BYTES, value); }
        /** {@code sentry.outbox-dir}; {@code null} or blank for none. @return this builder */
        public Builder outboxDir(String value) { return parse(OUTBOX_DIR, value); }
        /** {@code sentry.outbox.max-envelopes}. @return this builder */
        public Builder outboxMaxEnvelopes(int value) { return set(OUTBOX_MAX_ENVELOPES, value); }
        /** {@code sentry.outbox.max-bytes}. @return this builder */
        public Builder outboxMaxBytes(long value) { return set(OUTBOX_MAX_BYTES, value); }
        /** Connect timeout of the transport. @return this builder */
        public Builder connectTimeout(Duration value) { return set(CONNECT_TIMEOUT, value); }
        /** Timeout of one whole request of the transport. @return this builder */
        public Builder requestTimeout(Duration value) { return set(REQUEST_TIMEOUT, value); }
        /** The sampler that decides new traces. @return this builder */
        public Builder tracesSampler(TracesSampler value) { return set(TRACES_SAMPLER, value); }
        /** The hook that sees every span before sending. @return this builder */
        public Builder beforeSendSpan(BeforeSendSpan value) { return set(BEFORE_SEND_SPAN, value); }
        /** Where the library's threads come from; {@code null} for daemon threads. @return this builder */
        public Builder threadFactory(ThreadFactory value) { return set(THREAD_FACTORY, value); }
        /** {@code sentry.capture-unhandled}. @return this builder */
        public Builder captureUnhandled(boolean value) { return set(CAPTURE_UNHANDLED, value); }
        /** {@code sentry.in-app-includes}: package prefixes, e.g. {@code com.acme.}. @return this builder */
        public Builder inAppIncludes(List<String> value) { return set(IN_APP_INCLUDES, value); }
        /** The hook that sees every error event before sending. @return this builder */
        public Builder beforeSendEvent(BeforeSendEvent value) { return set(BEFORE_SEND_EVENT, value); }

        /** @return the options */
        public SentryOptions build() {
            return new SentryOptions(this);
        }
    }
}
