package io.github.sentryjakarta.config;

import io.github.sentryjakarta.integration.InvalidOptionException;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.integration.TraceLifecycle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * Builds {@link SentryOptions} from MicroProfile Config: every {@code sentry.*} key of the documented
 * configuration table, converted and validated here.
 *
 * <p>Values are read as raw strings and converted by this class rather than by the MicroProfile Config
 * implementation, so that every malformed value fails with the library's single message format,
 * {@link InvalidOptionException}: the key, the value as configured (never for {@code sentry.dsn}) and
 * what is allowed. The rules:
 * <ul>
 *   <li>a missing or blank value counts as not set, as in MicroProfile Config: the builder keeps its value;</li>
 *   <li>booleans are {@code true} or {@code false}, any case; numbers are plain decimals; strings are trimmed;</li>
 *   <li>{@code sentry.trace-lifecycle} is {@code stream} or {@code static}, any case;</li>
 *   <li>lists are comma-separated, {@code \,} is a literal comma and every other backslash is kept as
 *       written (so {@code ^/api/\d+$} stays a valid regex), entries are trimmed and blank ones dropped;
 *       SmallRye's indexed form ({@code sentry.ignore-spans[0]=...}, e.g. from YAML) is read too.</li>
 * </ul>
 *
 * <p>All keys are checked before failing. The exception thrown is the {@link InvalidOptionException} of
 * the first invalid key in the order of the configuration table; each further invalid key is attached to
 * it as a {@linkplain Throwable#getSuppressed() suppressed} {@link InvalidOptionException}, so a stack
 * trace shows every problem and an integration can report each one.
 */
public final class SentryConfig {

    private SentryConfig() {
    }

    /**
     * Reads the options from {@code config}, starting from the documented defaults.
     *
     * @param config the MicroProfile Config to read
     * @return the validated options
     * @throws InvalidOptionException if a value is invalid (see the class description for several)
     */
    public static SentryOptions load(Config config) {
        return load(config, SentryOptions.builder());
    }

    /**
     * Reads the options from {@code config} into {@code base} and builds them. The base carries what the
     * configuration keys do not cover (sampler, span hook, thread factory, transport timeouts); each key that
     * is configured, including a default supplied by {@link SentryDefaultsConfigSource}, replaces the base's
     * value. {@code base} is updated in place and should not be reused, also not after a failure.
     *
     * @param config the MicroProfile Config to read
     * @param base the builder to fill, e.g. {@code SentryOptions.builder().tracesSampler(sampler)}
     * @return the validated options
     * @throws InvalidOptionException if a value is invalid (see the class description for several)
     */
    public static SentryOptions load(Config config, SentryOptions.Builder base) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(base, "base");
        Reader r = new Reader(config);
        r.read(Keys.ENABLED, v -> base.enabled(bool(Keys.ENABLED, v)));
        r.readDsn(base::dsn);
        r.read(Keys.TRACE_LIFECYCLE, v -> base.traceLifecycle(lifecycle(v)));
        r.read(Keys.TRACES_SAMPLE_RATE, v -> base.tracesSampleRate(rate(v)));
        r.read(Keys.ENVIRONMENT, v -> base.environment(v.trim()));
        r.read(Keys.RELEASE, v -> base.release(v.trim()));
        r.read(Keys.DIST, v -> base.dist(v.trim()));
        r.read(Keys.SERVER_NAME, v -> base.serverName(v.trim()));
        r.read(Keys.SEND_DEFAULT_PII, v -> base.sendDefaultPii(bool(Keys.SEND_DEFAULT_PII, v)));
        r.readList(Keys.IGNORE_SPANS, base::ignoreSpans);
        r.readList(Keys.TRACE_PROPAGATION_TARGETS, base::tracePropagationTargets);
        r.read(Keys.PROPAGATE_TRACEPARENT, v -> base.propagateTraceparent(bool(Keys.PROPAGATE_TRACEPARENT, v)));
        r.read(Keys.STRICT_TRACE_CONTINUATION, v -> base.strictTraceContinuation(bool(Keys.STRICT_TRACE_CONTINUATION, v)));
        r.read(Keys.ORG_ID, v -> base.orgId(v.trim()));
        r.read(Keys.SPOTLIGHT, v -> base.spotlight(bool(Keys.SPOTLIGHT, v)));
        r.read(Keys.SPOTLIGHT_URL, v -> base.spotlightUrl(v.trim()));
        r.read(Keys.DEBUG, v -> base.debug(bool(Keys.DEBUG, v)));
        // The "allowed" texts repeat the builder's own, so a value that is not a number and a number out
        // of range read the same to the user.
        r.read(Keys.SHUTDOWN_TIMEOUT_MILLIS, v -> base.shutdownTimeout(
                millis(Keys.SHUTDOWN_TIMEOUT_MILLIS, v, "a number of milliseconds, 0 or more")));
        r.read(Keys.MAX_SPANS, v -> base.maxSpans(positiveInt(Keys.MAX_SPANS, v)));
        r.read(Keys.FLUSH_INTERVAL_MILLIS, v -> base.flushInterval(
                millis(Keys.FLUSH_INTERVAL_MILLIS, v, "a number of milliseconds greater than 0")));
        r.read(Keys.MAX_SPANS_PER_TRACE, v -> base.maxSpansPerTrace(positiveInt(Keys.MAX_SPANS_PER_TRACE, v)));
        r.read(Keys.MAX_BUFFERED_SPANS, v -> base.maxBufferedSpans(positiveInt(Keys.MAX_BUFFERED_SPANS, v)));
        r.read(Keys.QUEUE_SIZE, v -> base.queueSize(positiveInt(Keys.QUEUE_SIZE, v)));
        r.read(Keys.MAX_REQUESTS, v -> base.maxRequests(positiveInt(Keys.MAX_REQUESTS, v)));
        r.read(Keys.MAX_QUEUED_BYTES, v -> base.maxQueuedBytes(
                wholeNumber(Keys.MAX_QUEUED_BYTES, v, "a number of bytes, 65536 or more")));
        r.read(Keys.OUTBOX_DIR, v -> base.outboxDir(v.trim()));
        r.read(Keys.OUTBOX_MAX_ENVELOPES, v -> base.outboxMaxEnvelopes(positiveInt(Keys.OUTBOX_MAX_ENVELOPES, v)));
        r.read(Keys.OUTBOX_MAX_BYTES, v -> base.outboxMaxBytes(
                wholeNumber(Keys.OUTBOX_MAX_BYTES, v, "a whole number greater than 0")));
        r.read(Keys.CAPTURE_UNHANDLED, v -> base.captureUnhandled(bool(Keys.CAPTURE_UNHANDLED, v)));
        r.readList(Keys.IN_APP_INCLUDES, base::inAppIncludes);
        r.readList(Keys.JAXRS_IGNORE_PATHS, base::jaxrsIgnorePaths);
        r.failIfInvalid();
        return base.build();
    }

    // --- conversions: each throws InvalidOptionException quoting the raw value as configured ---

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    // Plain decimals only: Double.parseDouble would also take "0.5f", "0x1p-1" or "NaN".
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    static boolean bool(String key, String raw) {
        String v = raw.trim();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new InvalidOptionException(key, raw, "true or false");
    }

    static TraceLifecycle lifecycle(String raw) {
        switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "stream":
                return TraceLifecycle.STREAM;
            case "static":
                return TraceLifecycle.STATIC;
            default:
                throw new InvalidOptionException(Keys.TRACE_LIFECYCLE, raw, "stream or static");
        }
    }

    static double rate(String raw) {
        String v = raw.trim();
        double rate = DECIMAL.matcher(v).matches() ? Double.parseDouble(v) : Double.NaN;
        // Checked here rather than by the builder, so the message quotes "2" as written, not 2.0.
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new InvalidOptionException(Keys.TRACES_SAMPLE_RATE, raw, "a number from 0.0 to 1.0");
        }
        return rate;
    }

    static int positiveInt(String key, String raw) {
        String v = raw.trim();
        try {
            if (INTEGER.matcher(v).matches() && Integer.parseInt(v) > 0) {
                return Integer.parseInt(v);
            }
        } catch (NumberFormatException tooLarge) {
            // falls through: an overflowing number is reported like any other malformed one
        }
        throw new InvalidOptionException(key, raw, "a whole number greater than 0");
    }

    /** A whole number that fits a long; its range is the builder's to check (same "allowed" text). */
    static long wholeNumber(String key, String raw, String allowed) {
        String v = raw.trim();
        try {
            if (INTEGER.matcher(v).matches()) {
                return Long.parseLong(v);
            }
        } catch (NumberFormatException tooLarge) {
            // falls through, as below
        }
        throw new InvalidOptionException(key, raw, allowed);
    }

    static Duration millis(String key, String raw, String allowed) {
        String v = raw.trim();
        try {
            if (INTEGER.matcher(v).matches()) {
                return Duration.ofMillis(Long.parseLong(v)); // sign checked by the builder
            }
        } catch (NumberFormatException tooLarge) {
            // falls through, as above
        }
        throw new InvalidOptionException(key, raw, allowed);
    }

    /**
     * Splits a list value at commas. Done here rather than by {@code Config.getValues} because SmallRye
     * treats a backslash before any character as an escape, which would silently turn the regex
     * {@code \d+} into {@code d+}; here only {@code \,} is an escape.
     */
    static List<String> split(String raw) {
        List<String> out = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length() && raw.charAt(i + 1) == ',') {
                item.append(',');
                i++;
            } else if (c == ',') {
                addTrimmed(out, item);
                item.setLength(0);
            } else {
                item.append(c);
            }
        }
        addTrimmed(out, item);
        return List.copyOf(out);
    }

    private static void addTrimmed(List<String> out, CharSequence item) {
        String v = item.toString().trim();
        if (!v.isEmpty()) {
            out.add(v);
        }
    }

    /** Reads keys one by one and keeps going after an invalid value, so all of them can be reported. */
    private static final class Reader {
        private final Config config;
        private InvalidOptionException first;

        Reader(Config config) {
            this.config = config;
        }

        void read(String key, Consumer<String> apply) {
            config.getOptionalValue(key, String.class)
                    .filter(v -> !v.isBlank())
                    .ifPresent(v -> apply(() -> apply.accept(v)));
        }

        /**
         * Like {@link #read}, but a failure of the lookup itself (e.g. an unresolvable {@code ${...}}
         * expression) is reported without its message: an implementation might quote the value, and the
         * DSN may hold a secret.
         */
        void readDsn(Consumer<String> apply) {
            Optional<String> raw;
            try {
                raw = config.getOptionalValue(Keys.DSN, String.class);
            } catch (RuntimeException e) {
                apply(() -> {
                    throw new InvalidOptionException(Keys.DSN, null, "a DSN the MicroProfile Config implementation can resolve (the lookup failed with "
                            + e.getClass().getName() + "; its message is not shown since it may quote the DSN)");
                });
                return;
            }
            raw.filter(v -> !v.isBlank()).ifPresent(v -> apply(() -> apply.accept(v)));
        }

        void readList(String key, Consumer<List<String>> apply) {
            Optional<String> raw = config.getOptionalValue(key, String.class);
            List<String> items = raw.isPresent()
                    ? split(raw.get())
                    // SmallRye's indexed form (key[0]=..., as YAML lists arrive); each entry is taken verbatim.
                    : config.getOptionalValues(key, String.class).orElse(List.of()).stream()
                            .map(String::trim).filter(v -> !v.isEmpty()).toList();
            if (!items.isEmpty()) {
                apply(() -> apply.accept(items));
            }
        }

        private void apply(Runnable r) {
            try {
                r.run();
            } catch (InvalidOptionException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }

        void failIfInvalid() {
            if (first != null) {
                throw first;
            }
        }
    }
}
