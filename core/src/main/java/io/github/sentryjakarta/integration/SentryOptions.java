package io.github.sentryjakarta.integration;

import io.github.sentryjakarta.spi.BeforeSendEvent;
import io.github.sentryjakarta.spi.BeforeSendSpan;
import io.github.sentryjakarta.spi.TracesSampler;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/**
 * Everything the library is configured with, immutable. Each value corresponds to a {@code sentry.*}
 * MicroProfile Config key; the {@code sentry-jakarta-config} module builds this from MicroProfile Config,
 * and plain Java code can use {@link #builder()}. Setters validate and throw
 * {@link InvalidOptionException} naming the key.
 */
public final class SentryOptions {

    /** The SDK name sent to Sentry. */
    public static final String SDK_NAME = "sentry.java.jakarta";
    /** The SDK version sent to Sentry. */
    public static final String SDK_VERSION = "0.1.0";

    private final boolean enabled;
    private final Dsn dsn;
    private final TraceLifecycle traceLifecycle;
    private final Double tracesSampleRate;
    private final String environment;
    private final String release;
    private final String dist;
    private final String serverName;
    private final boolean sendDefaultPii;
    private final List<String> ignoreSpans;
    private final List<String> tracePropagationTargets;
    private final boolean propagateTraceparent;
    private final boolean strictTraceContinuation;
    private final String orgId;
    private final boolean spotlight;
    private final URI spotlightUrl;
    private final boolean debug;
    private final Duration shutdownTimeout;
    private final int maxSpans;
    private final Duration flushInterval;
    private final int maxSpansPerTrace;
    private final int maxBufferedSpans;
    private final int queueSize;
    private final int maxRequests;
    private final long maxQueuedBytes;
    private final java.nio.file.Path outboxDir;
    private final int outboxMaxEnvelopes;
    private final long outboxMaxBytes;
    private final List<String> jaxrsIgnorePaths;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final TracesSampler tracesSampler;
    private final BeforeSendSpan beforeSendSpan;
    private final ThreadFactory threadFactory;
    private final boolean captureUnhandled;
    private final List<String> inAppIncludes;
    private final BeforeSendEvent beforeSendEvent;

    private SentryOptions(Builder b) {
        enabled = b.enabled;
        dsn = b.dsn;
        traceLifecycle = b.traceLifecycle;
        tracesSampleRate = b.tracesSampleRate;
        environment = b.environment;
        release = b.release;
        dist = b.dist;
        // Resolved only now, and only if unset: a host with broken DNS must not stall every builder.
        serverName = b.serverName != null ? b.serverName : Builder.defaultServerName();
        sendDefaultPii = b.sendDefaultPii;
        ignoreSpans = b.ignoreSpans;
        tracePropagationTargets = b.tracePropagationTargets;
        propagateTraceparent = b.propagateTraceparent;
        strictTraceContinuation = b.strictTraceContinuation;
        orgId = b.orgId != null ? b.orgId : dsn == null ? null : dsn.orgId().orElse(null);
        spotlight = b.spotlight;
        spotlightUrl = b.spotlightUrl;
        debug = b.debug;
        shutdownTimeout = b.shutdownTimeout;
        maxSpans = b.maxSpans;
        flushInterval = b.flushInterval;
        maxSpansPerTrace = b.maxSpansPerTrace;
        maxBufferedSpans = b.maxBufferedSpans;
        queueSize = b.queueSize;
        maxRequests = b.maxRequests;
        maxQueuedBytes = b.maxQueuedBytes;
        outboxDir = b.outboxDir;
        outboxMaxEnvelopes = b.outboxMaxEnvelopes;
        outboxMaxBytes = b.outboxMaxBytes;
        jaxrsIgnorePaths = b.jaxrsIgnorePaths;
        connectTimeout = b.connectTimeout;
        requestTimeout = b.requestTimeout;
        tracesSampler = b.tracesSampler;
        beforeSendSpan = b.beforeSendSpan;
        threadFactory = b.threadFactory;
        captureUnhandled = b.captureUnhandled;
        inAppIncludes = b.inAppIncludes;
        beforeSendEvent = b.beforeSendEvent;
    }

    /** @return a builder holding the documented defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return whether anything is sent at all: enabled, and a DSN or Spotlight configured */
    public boolean isActive() {
        return enabled && (dsn != null || spotlight);
    }

    /** @return {@code sentry.enabled} */
    public boolean enabled() { return enabled; }
    /** @return {@code sentry.dsn}, if set */
    public Optional<Dsn> dsn() { return Optional.ofNullable(dsn); }
    /** @return {@code sentry.trace-lifecycle} */
    public TraceLifecycle traceLifecycle() { return traceLifecycle; }
    /** @return {@code sentry.traces-sample-rate}, if set */
    public Optional<Double> tracesSampleRate() { return Optional.ofNullable(tracesSampleRate); }
    /** @return {@code sentry.environment} */
    public String environment() { return environment; }
    /** @return {@code sentry.release}, if set */
    public Optional<String> release() { return Optional.ofNullable(release); }
    /** @return {@code sentry.dist}, if set */
    public Optional<String> dist() { return Optional.ofNullable(dist); }
    /** @return {@code sentry.server-name} */
    public String serverName() { return serverName; }
    /** @return {@code sentry.send-default-pii} */
    public boolean sendDefaultPii() { return sendDefaultPii; }
    /** @return {@code sentry.ignore-spans} */
    public List<String> ignoreSpans() { return ignoreSpans; }
    /** @return {@code sentry.trace-propagation-targets} */
    public List<String> tracePropagationTargets() { return tracePropagationTargets; }
    /** @return {@code sentry.propagate-traceparent} */
    public boolean propagateTraceparent() { return propagateTraceparent; }
    /** @return {@code sentry.strict-trace-continuation} */
    public boolean strictTraceContinuation() { return strictTraceContinuation; }
    /** @return {@code sentry.org-id}, else the org id in the DSN host, if any */
    public Optional<String> orgId() { return Optional.ofNullable(orgId); }
    /** @return {@code sentry.spotlight} */
    public boolean spotlight() { return spotlight; }
    /** @return {@code sentry.spotlight-url} */
    public URI spotlightUrl() { return spotlightUrl; }
    /** @return {@code sentry.debug} */
    public boolean debug() { return debug; }
    /** @return {@code sentry.shutdown-timeout-millis} */
    public Duration shutdownTimeout() { return shutdownTimeout; }
    /** @return {@code sentry.max-spans} */
    public int maxSpans() { return maxSpans; }
    /** @return {@code sentry.span-buffer.flush-interval-millis} */
    public Duration flushInterval() { return flushInterval; }
    /** @return {@code sentry.span-buffer.max-spans-per-trace} */
    public int maxSpansPerTrace() { return maxSpansPerTrace; }
    /** @return {@code sentry.span-buffer.max-buffered-spans} */
    public int maxBufferedSpans() { return maxBufferedSpans; }
    /**
     * @return {@code sentry.transport.queue-size}: the most spans handed to the transport and not yet encoded
     *         (the hand-off between the application side and the encoding thread)
     */
    public int queueSize() { return queueSize; }
    /** @return {@code sentry.transport.max-requests}: envelope requests in flight at once */
    public int maxRequests() { return maxRequests; }
    /** @return {@code sentry.transport.max-queued-bytes}: gzip bytes of envelopes waiting or in flight */
    public long maxQueuedBytes() { return maxQueuedBytes; }
    /** @return {@code sentry.outbox-dir}, if set */
    public Optional<java.nio.file.Path> outboxDir() { return Optional.ofNullable(outboxDir); }
    /** @return {@code sentry.outbox.max-envelopes} */
    public int outboxMaxEnvelopes() { return outboxMaxEnvelopes; }
    /** @return {@code sentry.outbox.max-bytes} */
    public long outboxMaxBytes() { return outboxMaxBytes; }
    /** @return {@code sentry.jaxrs.ignore-paths} */
    public List<String> jaxrsIgnorePaths() { return jaxrsIgnorePaths; }
    /** @return the connect timeout of the HTTP transport (5 s) */
    public Duration connectTimeout() { return connectTimeout; }
    /** @return the timeout of one whole envelope request (15 s) */
    public Duration requestTimeout() { return requestTimeout; }
    /** @return the user's sampler, if any */
    public Optional<TracesSampler> tracesSampler() { return Optional.ofNullable(tracesSampler); }
    /** @return the user's span hook, if any */
    public Optional<BeforeSendSpan> beforeSendSpan() { return Optional.ofNullable(beforeSendSpan); }
    /** @return the factory of the library's threads, if the integration supplies one */
    public Optional<ThreadFactory> threadFactory() { return Optional.ofNullable(threadFactory); }
    /** @return {@code sentry.capture-unhandled} */
    public boolean captureUnhandled() { return captureUnhandled; }
    /** @return {@code sentry.in-app-includes}: package prefixes whose stack frames are the application's */
    public List<String> inAppIncludes() { return inAppIncludes; }
    /** @return the user's error event hook, if any */
    public Optional<BeforeSendEvent> beforeSendEvent() { return Optional.ofNullable(beforeSendEvent); }

    /** @return a builder holding these options */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.enabled = enabled;
        b.dsn = dsn;
        b.traceLifecycle = traceLifecycle;
        b.tracesSampleRate = tracesSampleRate;
        b.environment = environment;
        b.release = release;
        b.dist = dist;
        b.serverName = serverName;
        b.sendDefaultPii = sendDefaultPii;
        b.ignoreSpans = ignoreSpans;
        b.tracePropagationTargets = tracePropagationTargets;
        b.propagateTraceparent = propagateTraceparent;
        b.strictTraceContinuation = strictTraceContinuation;
        b.orgId = orgId;
        b.spotlight = spotlight;
        b.spotlightUrl = spotlightUrl;
        b.debug = debug;
        b.shutdownTimeout = shutdownTimeout;
        b.maxSpans = maxSpans;
        b.flushInterval = flushInterval;
        b.maxSpansPerTrace = maxSpansPerTrace;
        b.maxBufferedSpans = maxBufferedSpans;
        b.queueSize = queueSize;
        b.maxRequests = maxRequests;
        b.maxQueuedBytes = maxQueuedBytes;
        b.outboxDir = outboxDir;
        b.outboxMaxEnvelopes = outboxMaxEnvelopes;
        b.outboxMaxBytes = outboxMaxBytes;
        b.jaxrsIgnorePaths = jaxrsIgnorePaths;
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.tracesSampler = tracesSampler;
        b.beforeSendSpan = beforeSendSpan;
        b.threadFactory = threadFactory;
        b.captureUnhandled = captureUnhandled;
        b.inAppIncludes = inAppIncludes;
        b.beforeSendEvent = beforeSendEvent;
        return b;
    }

    /**
     * Builds {@link SentryOptions}; starts from the documented defaults.
     */
    public static final class Builder {
        private boolean enabled = true;
        private Dsn dsn;
        private TraceLifecycle traceLifecycle = TraceLifecycle.STREAM;
        private Double tracesSampleRate;
        private String environment = "production";
        private String release;
        private String dist;
        private String serverName;
        private boolean sendDefaultPii;
        private List<String> ignoreSpans = List.of();
        private List<String> tracePropagationTargets = List.of(".*");
        private boolean propagateTraceparent;
        private boolean strictTraceContinuation;
        private String orgId;
        private boolean spotlight;
        private URI spotlightUrl = URI.create("http://localhost:8969/stream");
        private boolean debug;
        private Duration shutdownTimeout = Duration.ofMillis(2000);
        private int maxSpans = 1000;
        private Duration flushInterval = Duration.ofMillis(5000);
        private int maxSpansPerTrace = 2000;
        private int maxBufferedSpans = 20000;
        private int queueSize = 20000;
        private int maxRequests = 128;
        private long maxQueuedBytes = 16L << 20;
        private java.nio.file.Path outboxDir;
        private int outboxMaxEnvelopes = 1000;
        private long outboxMaxBytes = 64L << 20;
        private List<String> jaxrsIgnorePaths = List.of();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(15);
        private TracesSampler tracesSampler;
        private BeforeSendSpan beforeSendSpan;
        private ThreadFactory threadFactory;
        private boolean captureUnhandled = true;
        private List<String> inAppIncludes = List.of();
        private BeforeSendEvent beforeSendEvent;

        private Builder() {
        }

        private static String defaultServerName() {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException | RuntimeException e) {
                return "localhost";
            }
        }

        /** {@code sentry.enabled}. @return this builder */
        public Builder enabled(boolean value) { enabled = value; return this; }

        /** {@code sentry.dsn}; {@code null} or blank for none. @return this builder */
        public Builder dsn(String value) {
            if (value == null || value.isBlank()) {
                dsn = null;
                return this;
            }
            try {
                dsn = Dsn.parse(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionException("sentry.dsn", value,
                        "scheme://public_key@host[:port]/[path/]project_id (" + e.getMessage() + ")");
            }
            return this;
        }

        /** {@code sentry.trace-lifecycle}. @return this builder */
        public Builder traceLifecycle(TraceLifecycle value) { traceLifecycle = requireNonNull("sentry.trace-lifecycle", value); return this; }

        /** {@code sentry.traces-sample-rate}; {@code null} for none. @return this builder */
        public Builder tracesSampleRate(Double value) {
            if (value != null && !(value >= 0.0 && value <= 1.0)) {
                throw new InvalidOptionException("sentry.traces-sample-rate", value, "a number from 0.0 to 1.0");
            }
            tracesSampleRate = value;
            return this;
        }

        /** {@code sentry.environment}. @return this builder */
        public Builder environment(String value) { environment = requireNonNull("sentry.environment", value); return this; }
        /** {@code sentry.release}. @return this builder */
        public Builder release(String value) { release = value; return this; }
        /** {@code sentry.dist}. @return this builder */
        public Builder dist(String value) { dist = value; return this; }
        /** {@code sentry.server-name}. @return this builder */
        public Builder serverName(String value) { serverName = requireNonNull("sentry.server-name", value); return this; }
        /** {@code sentry.send-default-pii}. @return this builder */
        public Builder sendDefaultPii(boolean value) { sendDefaultPii = value; return this; }
        /** {@code sentry.ignore-spans}. @return this builder */
        public Builder ignoreSpans(List<String> value) { ignoreSpans = regexes("sentry.ignore-spans", value, true); return this; }
        /** {@code sentry.trace-propagation-targets}. @return this builder */
        public Builder tracePropagationTargets(List<String> value) { tracePropagationTargets = regexes("sentry.trace-propagation-targets", value, false); return this; }
        /** {@code sentry.propagate-traceparent}. @return this builder */
        public Builder propagateTraceparent(boolean value) { propagateTraceparent = value; return this; }
        /** {@code sentry.strict-trace-continuation}. @return this builder */
        public Builder strictTraceContinuation(boolean value) { strictTraceContinuation = value; return this; }

        /** {@code sentry.org-id}; digits only, {@code null} to take it from the DSN. @return this builder */
        public Builder orgId(String value) {
            if (value != null && (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9'))) {
                throw new InvalidOptionException("sentry.org-id", value, "a numeric organization id");
            }
            orgId = value;
            return this;
        }

        /** {@code sentry.spotlight}. @return this builder */
        public Builder spotlight(boolean value) { spotlight = value; return this; }

        /** {@code sentry.spotlight-url}. @return this builder */
        public Builder spotlightUrl(String value) {
            try {
                URI uri = URI.create(value);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new IllegalArgumentException();
                }
                spotlightUrl = uri;
            } catch (RuntimeException e) {
                throw new InvalidOptionException("sentry.spotlight-url", value, "an http or https URL");
            }
            return this;
        }

        /** {@code sentry.debug}. @return this builder */
        public Builder debug(boolean value) { debug = value; return this; }
        /** {@code sentry.shutdown-timeout-millis}. @return this builder */
        public Builder shutdownTimeout(Duration value) { shutdownTimeout = nonNegative("sentry.shutdown-timeout-millis", value); return this; }
        /** {@code sentry.max-spans}. @return this builder */
        public Builder maxSpans(int value) { maxSpans = positive("sentry.max-spans", value); return this; }
        /** {@code sentry.span-buffer.flush-interval-millis}. @return this builder */
        public Builder flushInterval(Duration value) { flushInterval = positive("sentry.span-buffer.flush-interval-millis", value); return this; }
        /** {@code sentry.span-buffer.max-spans-per-trace}. @return this builder */
        public Builder maxSpansPerTrace(int value) { maxSpansPerTrace = positive("sentry.span-buffer.max-spans-per-trace", value); return this; }
        /** {@code sentry.span-buffer.max-buffered-spans}. @return this builder */
        public Builder maxBufferedSpans(int value) { maxBufferedSpans = positive("sentry.span-buffer.max-buffered-spans", value); return this; }
        /** {@code sentry.transport.queue-size}. @return this builder */
        public Builder queueSize(int value) { queueSize = positive("sentry.transport.queue-size", value); return this; }
        /** {@code sentry.transport.max-requests}. @return this builder */
        public Builder maxRequests(int value) { maxRequests = positive("sentry.transport.max-requests", value); return this; }
        /** {@code sentry.transport.max-queued-bytes}; at least 64 KiB. @return this builder */
        public Builder maxQueuedBytes(long value) {
            if (value < 65536) {
                throw new InvalidOptionException("sentry.transport.max-queued-bytes", value, "a number of bytes, 65536 or more");
            }
            maxQueuedBytes = value;
            return this;
        }
        /** {@code sentry.outbox-dir}; {@code null} or blank for none. @return this builder */
        public Builder outboxDir(String value) {
            if (value == null || value.isBlank()) {
                outboxDir = null;
                return this;
            }
            try {
                outboxDir = java.nio.file.Path.of(value.trim());
            } catch (RuntimeException e) {
                throw new InvalidOptionException("sentry.outbox-dir", value, "a directory path");
            }
            return this;
        }
        /** {@code sentry.outbox.max-envelopes}. @return this builder */
        public Builder outboxMaxEnvelopes(int value) { outboxMaxEnvelopes = positive("sentry.outbox.max-envelopes", value); return this; }
        /** {@code sentry.outbox.max-bytes}. @return this builder */
        public Builder outboxMaxBytes(long value) {
            if (value <= 0) {
                throw new InvalidOptionException("sentry.outbox.max-bytes", value, "a whole number greater than 0");
            }
            outboxMaxBytes = value;
            return this;
        }
        /** {@code sentry.jaxrs.ignore-paths}. @return this builder */
        public Builder jaxrsIgnorePaths(List<String> value) { jaxrsIgnorePaths = regexes("sentry.jaxrs.ignore-paths", value, false); return this; }
        /** Connect timeout of the transport. @return this builder */
        public Builder connectTimeout(Duration value) { connectTimeout = positive("connect timeout", value); return this; }
        /** Timeout of one whole request of the transport. @return this builder */
        public Builder requestTimeout(Duration value) { requestTimeout = positive("request timeout", value); return this; }
        /** The sampler that decides new traces. @return this builder */
        public Builder tracesSampler(TracesSampler value) { tracesSampler = value; return this; }
        /** The hook that sees every span before sending. @return this builder */
        public Builder beforeSendSpan(BeforeSendSpan value) { beforeSendSpan = value; return this; }
        /** Where the library's threads come from; {@code null} for daemon threads. @return this builder */
        public Builder threadFactory(ThreadFactory value) { threadFactory = value; return this; }
        /** {@code sentry.capture-unhandled}. @return this builder */
        public Builder captureUnhandled(boolean value) { captureUnhandled = value; return this; }
        /** {@code sentry.in-app-includes}: package prefixes, e.g. {@code com.acme.}. @return this builder */
        public Builder inAppIncludes(List<String> value) { inAppIncludes = List.copyOf(value); return this; }
        /** The hook that sees every error event before sending. @return this builder */
        public Builder beforeSendEvent(BeforeSendEvent value) { beforeSendEvent = value; return this; }

        /** @return the options */
        public SentryOptions build() {
            return new SentryOptions(this);
        }

        private static <T> T requireNonNull(String key, T value) {
            if (value == null) {
                throw new InvalidOptionException(key, null, "a value");
            }
            return value;
        }

        private static int positive(String key, int value) {
            if (value <= 0) {
                throw new InvalidOptionException(key, value, "a whole number greater than 0");
            }
            return value;
        }

        private static Duration positive(String key, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new InvalidOptionException(key, value == null ? null : value.toMillis(), "a number of milliseconds greater than 0");
            }
            return value;
        }

        private static Duration nonNegative(String key, Duration value) {
            if (value == null || value.isNegative()) {
                throw new InvalidOptionException(key, value == null ? null : value.toMillis(), "a number of milliseconds, 0 or more");
            }
            return value;
        }

        private static List<String> regexes(String key, List<String> value, boolean prefixed) {
            List<String> copy = List.copyOf(value);
            for (String entry : copy) {
                String regex = prefixed ? (entry.startsWith("regex:") ? entry.substring(6) : null) : entry;
                if (regex != null) {
                    try {
                        java.util.regex.Pattern.compile(regex);
                    } catch (java.util.regex.PatternSyntaxException e) {
                        throw new InvalidOptionException(key, entry, "valid Java regular expressions (" + e.getDescription() + ")");
                    }
                }
            }
            return copy;
        }
    }
}
