package io.github.sentryjakarta.jaxrs;

import io.github.sentryjakarta.integration.SentryOptions;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Small shared helpers of the filters: method normalisation, ports, and ignored paths.
 */
final class Http {

    /** The methods of RFC 9110 and PATCH: anything else is client input and would make names unbounded. */
    private static final Set<String> KNOWN_METHODS = Set.of(
            "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    /** The compiled {@code sentry.jaxrs.ignore-paths} of the options last seen (options are immutable). */
    private static volatile IgnoredPaths ignoredPaths = new IgnoredPaths(new WeakReference<>(null), List.of());

    private Http() {
    }

    /** @return the method if it is a standard one, else {@code _OTHER} (OpenTelemetry's convention) */
    static String knownMethod(String method) {
        return method != null && KNOWN_METHODS.contains(method) ? method : "_OTHER";
    }

    /** @return the port of {@code uri}, or the scheme's default when the URI has none; -1 if unknown */
    static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        String scheme = uri.getScheme();
        return "https".equalsIgnoreCase(scheme) ? 443 : "http".equalsIgnoreCase(scheme) ? 80 : -1;
    }

    /**
     * @return the compiled {@code sentry.jaxrs.ignore-paths} of {@code options}: a reference comparison per
     *         request while the options stay the same (they are immutable)
     */
    static IgnoredPaths ignoredPaths(SentryOptions options) {
        IgnoredPaths compiled = ignoredPaths;
        if (compiled.options().get() != options) {
            // Options validated the regexes already; compiling once per options instance keeps requests cheap
            // (a reference comparison, no lookup of the option). Weak: the options hold the application's hooks.
            compiled = new IgnoredPaths(new WeakReference<>(options),
                    options.get(JaxrsOptions.IGNORE_PATHS).stream().map(Pattern::compile).toList());
            ignoredPaths = compiled;
        }
        return compiled;
    }

    /** The compiled ignored paths of one options instance. */
    record IgnoredPaths(WeakReference<SentryOptions> options, List<Pattern> patterns) {

        /** @return whether there are none: then a request need not work out its paths to be matched */
        boolean isEmpty() {
            return patterns.isEmpty();
        }

        /** @return whether one of the paths ({@code null} for none) fully matches one of the patterns */
        boolean matchAny(String path, String otherPath) {
            for (Pattern pattern : patterns) {
                if (path != null && pattern.matcher(path).matches()
                        || otherPath != null && pattern.matcher(otherPath).matches()) {
                    return true;
                }
            }
            return false;
        }
    }
}
