package io.github.sentryjakarta.jaxrs;

import io.github.sentryjakarta.integration.Option;
import io.github.sentryjakarta.integration.OptionTable;
import java.util.List;

/**
 * The options of the JAX-RS module, declared here rather than in core since only the filters read them. The
 * config module finds them through {@code META-INF/services/io.github.sentryjakarta.integration.OptionTable}; plain
 * Java code sets them with {@code SentryOptions.builder().set(JaxrsOptions.IGNORE_PATHS, ...)}.
 */
public final class JaxrsOptions implements OptionTable {

    /** {@code sentry.jaxrs.ignore-paths}: regexes of request paths that get no span. */
    public static final Option<List<String>> IGNORE_PATHS = Option.list("sentry.jaxrs.ignore-paths", "", "",
            "list of regexes of request paths that get no span");

    /** For {@link java.util.ServiceLoader}. */
    public JaxrsOptions() {
    }

    @Override
    public List<Option<?>> options() {
        return List.of(IGNORE_PATHS);
    }
}
