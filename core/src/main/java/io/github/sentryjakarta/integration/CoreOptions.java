package io.github.sentryjakarta.integration;

import io.github.sentryjakarta.spi.BeforeSendEvent;
import io.github.sentryjakarta.spi.BeforeSendSpan;
import io.github.sentryjakarta.spi.TracesSampler;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.regex.Pattern;

/**
 * The library's options, each declared once: the table that {@link SentryOptions} holds values for, the config
 * module reads (in this order, which is also the order in which invalid values are reported), the defaults
 * source offers and the README's configuration table shows. A module's own options (the JAX-RS module's
 * ignored paths) are declared by that module and found through {@link OptionTable}.
 */
public final class CoreOptions {

    // Plain decimals only: Double.parseDouble would also take "0.5f", "0x1p-1" or "NaN".
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final List<Option<?>> TABLE = new ArrayList<>();

    /** {@code sentry.enabled} */
    public static final Option<Boolean> ENABLED = add(Option.bool("sentry.enabled", true, "master switch"));
    /** {@code sentry.dsn} */
    public static final Option<Dsn> DSN = add(Option.of("sentry.dsn", null,
            "scheme://public_key@host[:port]/[path/]project_id", "no DSN and no Spotlight: the library is off",
            (Option.Detailed<Dsn>) Dsn::parse, v -> true));
    /** {@code sentry.trace-lifecycle} */
    public static final Option<TraceLifecycle> TRACE_LIFECYCLE = add(Option.of("sentry.trace-lifecycle", "stream",
            "stream or static", "`stream` (span streaming) or `static` (one transaction per local root); any case",
            text -> TraceLifecycle.valueOf(text.toUpperCase(Locale.ROOT)), Objects::nonNull));
    /** {@code sentry.traces-sample-rate} */
    public static final Option<Double> TRACES_SAMPLE_RATE = add(Option.of("sentry.traces-sample-rate", null,
            "a number from 0.0 to 1.0", "`0.0`–`1.0`; none = no local sampling, incoming decisions are still honoured",
            CoreOptions::decimal, v -> v == null || v >= 0.0 && v <= 1.0));
    /** {@code sentry.environment} */
    public static final Option<String> ENVIRONMENT = add(Option.text("sentry.environment", "production", ""));
    /** {@code sentry.release} */
    public static final Option<String> RELEASE = add(Option.text("sentry.release", null, ""));
    /** {@code sentry.dist} */
    public static final Option<String> DIST = add(Option.text("sentry.dist", null, ""));
    /** {@code sentry.server-name}; without a value the host name, looked up when the options are built */
    public static final Option<String> SERVER_NAME = add(Option.of("sentry.server-name", null, "a value", "",
            text -> text, Objects::nonNull).documentedDefault("host name"));
    /** {@code sentry.send-default-pii} */
    public static final Option<Boolean> SEND_DEFAULT_PII = add(Option.bool("sentry.send-default-pii", false,
            "with `false`: no query strings, headers, client IP or user fields"));
    /** {@code sentry.ignore-spans} */
    public static final Option<List<String>> IGNORE_SPANS = add(Option.list("sentry.ignore-spans", "", "regex:",
            "list of exact span names; an entry `regex:...` is a full-match regex"));
    /** {@code sentry.trace-propagation-targets} */
    public static final Option<List<String>> TRACE_PROPAGATION_TARGETS = add(Option.list(
            "sentry.trace-propagation-targets", ".*", "", "list of regexes of outgoing URLs that get trace headers"));
    /** {@code sentry.propagate-traceparent} */
    public static final Option<Boolean> PROPAGATE_TRACEPARENT = add(Option.bool("sentry.propagate-traceparent", false,
            "also emit W3C `traceparent`"));
    /** {@code sentry.strict-trace-continuation} */
    public static final Option<Boolean> STRICT_TRACE_CONTINUATION = add(Option.bool(
            "sentry.strict-trace-continuation", false, ""));
    /** {@code sentry.org-id}; without a value the org id in the DSN host, if any */
    public static final Option<String> ORG_ID = add(Option.of("sentry.org-id", null, "a numeric organization id",
            "numeric organization id", text -> text,
            v -> v == null || !v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9'))
            .documentedDefault("from the DSN host (`o123.ingest…`)"));
    /** {@code sentry.spotlight} */
    public static final Option<Boolean> SPOTLIGHT = add(Option.bool("sentry.spotlight", false,
            "also send every envelope to Spotlight"));
    /** {@code sentry.spotlight-url} */
    public static final Option<URI> SPOTLIGHT_URL = add(Option.of("sentry.spotlight-url", "http://localhost:8969/stream",
            "an http or https URL", "`http` or `https` URL", URI::create,
            v -> v != null && ("http".equals(v.getScheme()) || "https".equals(v.getScheme())) && v.getHost() != null));
    /** {@code sentry.debug} */
    public static final Option<Boolean> DEBUG = add(Option.bool("sentry.debug", false, "log what is sent and dropped"));
    /** {@code sentry.shutdown-timeout-millis} */
    public static final Option<Duration> SHUTDOWN_TIMEOUT = add(Option.millis("sentry.shutdown-timeout-millis", 2000,
            true, "0 or more"));
    /** {@code sentry.max-spans} */
    public static final Option<Integer> MAX_SPANS = add(Option.positiveInt("sentry.max-spans", 1000,
            "static lifecycle: child spans kept per transaction"));
    /** {@code sentry.span-buffer.flush-interval-millis} */
    public static final Option<Duration> FLUSH_INTERVAL = add(Option.millis("sentry.span-buffer.flush-interval-millis",
            5000, false, "greater than 0"));
    /** {@code sentry.span-buffer.max-spans-per-trace} */
    public static final Option<Integer> MAX_SPANS_PER_TRACE = add(Option.positiveInt(
            "sentry.span-buffer.max-spans-per-trace", 2000, "a full trace bucket drops new spans"));
    /** {@code sentry.span-buffer.max-buffered-spans} */
    public static final Option<Integer> MAX_BUFFERED_SPANS = add(Option.positiveInt(
            "sentry.span-buffer.max-buffered-spans", 20000, "all buckets together; bounds memory"));
    /** {@code sentry.transport.queue-size}: the hand-off between the application side and the encoding thread */
    public static final Option<Integer> QUEUE_SIZE = add(Option.positiveInt("sentry.transport.queue-size", 20000,
            "spans handed to the transport and not yet encoded (was: envelopes)"));
    /** {@code sentry.transport.max-requests} */
    public static final Option<Integer> MAX_REQUESTS = add(Option.positiveInt("sentry.transport.max-requests", 128,
            "envelope requests in flight at once"));
    /** {@code sentry.transport.max-queued-bytes} */
    public static final Option<Long> MAX_QUEUED_BYTES = add(Option.longAtLeast("sentry.transport.max-queued-bytes",
            16L << 20, 65536, "a number of bytes, 65536 or more",
            "bytes of envelopes waiting or in flight (as sent); at least 65536").documentedDefault("`16777216` (16 MiB)"));
    /** {@code sentry.transport.gzip-min-bytes}: Sentry's Node transport compresses from 32 KiB too */
    public static final Option<Long> GZIP_MIN_BYTES = add(Option.longAtLeast("sentry.transport.gzip-min-bytes",
            32768, 0, "a number of bytes, 0 or more",
            "envelopes of this size or more are sent gzip-compressed, smaller ones as they are; 0 compresses all")
            .documentedDefault("`32768` (32 KiB)"));
    /** {@code sentry.outbox-dir} */
    public static final Option<Path> OUTBOX_DIR = add(Option.of("sentry.outbox-dir", null, "a directory path",
            "directory where undelivered envelopes wait for the next start; off when unset", Path::of, v -> true));
    /** {@code sentry.outbox.max-envelopes} */
    public static final Option<Integer> OUTBOX_MAX_ENVELOPES = add(Option.positiveInt("sentry.outbox.max-envelopes",
            1000, "envelopes the outbox keeps at most (the oldest are dropped first)"));
    /** {@code sentry.outbox.max-bytes} */
    public static final Option<Long> OUTBOX_MAX_BYTES = add(Option.longAtLeast("sentry.outbox.max-bytes", 64L << 20, 1,
            "a whole number greater than 0", "bytes the outbox keeps at most").documentedDefault("`67108864` (64 MiB)"));
    /** {@code sentry.capture-unhandled} */
    public static final Option<Boolean> CAPTURE_UNHANDLED = add(Option.bool("sentry.capture-unhandled", true,
            "exceptions that leave a JAX-RS request unmapped become error events"));
    /** {@code sentry.in-app-includes} */
    public static final Option<List<String>> IN_APP_INCLUDES = add(Option.list("sentry.in-app-includes", "", null,
            "list of package prefixes (e.g. `com.acme.`) whose stack frames are marked `in_app`"));

    // --- set in code only ---

    /** The connect timeout of the HTTP transport. */
    public static final Option<Duration> CONNECT_TIMEOUT = add(Option.millis("connect timeout", 5000, false, ""));
    /** The timeout of one whole envelope request. */
    public static final Option<Duration> REQUEST_TIMEOUT = add(Option.millis("request timeout", 15000, false, ""));
    /** The sampler that decides new traces. */
    public static final Option<TracesSampler> TRACES_SAMPLER = add(code("traces sampler"));
    /** The hook that sees every span before sending. */
    public static final Option<BeforeSendSpan> BEFORE_SEND_SPAN = add(code("before-send span hook"));
    /** Where the library's threads come from; none for daemon threads. */
    public static final Option<ThreadFactory> THREAD_FACTORY = add(code("thread factory"));
    /** The hook that sees every error event before sending. */
    public static final Option<BeforeSendEvent> BEFORE_SEND_EVENT = add(code("before-send event hook"));

    /** Every option above, in declaration order. */
    static final List<Option<?>> ALL = List.copyOf(TABLE);

    private CoreOptions() {
    }

    /** @return every option of the library, in the order of the README's table; code-only ones last */
    public static List<Option<?>> all() {
        return ALL;
    }

    private static <T> Option<T> add(Option<T> option) {
        Option<T> placed = option.at(TABLE.size());
        TABLE.add(placed);
        return placed;
    }

    private static <T> Option<T> code(String name) {
        return Option.of(name, null, "an object", "", text -> {
            throw new IllegalArgumentException(name + " is set in code only");
        }, v -> true);
    }

    private static Double decimal(String text) {
        if (!DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException();
        }
        return Double.valueOf(text);
    }
}
