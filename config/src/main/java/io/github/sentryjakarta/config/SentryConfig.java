package io.github.sentryjakarta.config;

import io.github.sentryjakarta.integration.CoreOptions;
import io.github.sentryjakarta.integration.InvalidOptionException;
import io.github.sentryjakarta.integration.Option;
import io.github.sentryjakarta.integration.OptionTable;
import io.github.sentryjakarta.integration.SentryOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import org.eclipse.microprofile.config.Config;

/**
 * Builds {@link SentryOptions} from MicroProfile Config: every {@link Option} of {@link #options()}, the
 * documented configuration table.
 *
 * <p>Values are read as raw strings and converted by their {@link Option} rather than by the MicroProfile
 * Config implementation, so that every malformed value fails with the library's single message format,
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
        Reader r = new Reader(config, base);
        for (Option<?> option : options()) {
            r.read(option);
        }
        r.failIfInvalid();
        return base.build();
    }

    /**
     * @return every option a config source can set, in the order of the README's table: the library's own
     *         ({@link CoreOptions}), then those of each module found as an {@link OptionTable} service through
     *         the thread context class loader or this class's loader
     */
    public static List<Option<?>> options() {
        List<Option<?>> all = new ArrayList<>();
        for (Option<?> option : CoreOptions.all()) {
            if (option.configurable()) {
                all.add(option);
            }
        }
        // Both loaders: a runtime may start extensions with another context loader than the application's,
        // and a module in a shared library may not be visible from this jar's loader.
        ClassLoader own = SentryConfig.class.getClassLoader();
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        for (ClassLoader loader : tccl == null || tccl == own ? List.of(own) : List.of(tccl, own)) {
            for (OptionTable table : ServiceLoader.load(OptionTable.class, loader)) {
                for (Option<?> option : table.options()) {
                    if (!all.contains(option)) {
                        all.add(option);
                    }
                }
            }
        }
        return List.copyOf(all);
    }

    /** Reads keys one by one and keeps going after an invalid value, so all of them can be reported. */
    private static final class Reader {
        private final Config config;
        private final SentryOptions.Builder base;
        private InvalidOptionException first;

        Reader(Config config, SentryOptions.Builder base) {
            this.config = config;
            this.base = base;
        }

        <T> void read(Option<T> option) {
            Optional<String> raw;
            try {
                raw = config.getOptionalValue(option.key(), String.class);
            } catch (RuntimeException e) {
                if (option != CoreOptions.DSN) {
                    throw e;
                }
                // An implementation might quote the value when it cannot resolve it (e.g. an expression), and
                // the DSN may hold a secret: reported without the implementation's message.
                apply(() -> {
                    throw new InvalidOptionException(option.key(), null, "a DSN the MicroProfile Config implementation can resolve (the lookup failed with "
                            + e.getClass().getName() + "; its message is not shown since it may quote the DSN)");
                });
                return;
            }
            if (option.isList()) {
                readList(option, raw);
            } else {
                raw.filter(v -> !v.isBlank()).ifPresent(v -> apply(() -> base.parse(option, v)));
            }
        }

        @SuppressWarnings("unchecked")
        private <T> void readList(Option<T> option, Optional<String> raw) {
            if (raw.isPresent()) {
                apply(() -> {
                    T items = option.parse(raw.get());
                    // A list of only blank entries counts as not set, like a blank value.
                    if (!((List<?>) items).isEmpty()) {
                        base.set(option, items);
                    }
                });
                return;
            }
            // SmallRye's indexed form (key[0]=..., as YAML lists arrive); each entry is taken verbatim.
            List<String> items = config.getOptionalValues(option.key(), String.class).orElse(List.of()).stream()
                    .map(String::trim).filter(v -> !v.isEmpty()).toList();
            if (!items.isEmpty()) {
                apply(() -> base.set(option, (T) items));
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
