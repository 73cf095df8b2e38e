package io.github.sentryjakarta.jaxrs;

import io.github.sentryjakarta.integration.SentryOptions;
import java.lang.System.Logger;
import java.lang.ref.WeakReference;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Small shared helpers of the filters: method normalisation, ports, ignored paths, and logging failures once.
 */
final class Http {

    private static final Logger LOG = System.getLogger("io.github.sentryjakarta.jaxrs");
    private static final AtomicBoolean LOGGED = new AtomicBoolean();

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

    /** @return whether one of the paths fully matches one of {@code sentry.jaxrs.ignore-paths} */
    static boolean ignored(SentryOptions options, String... paths) {
        IgnoredPaths compiled = ignoredPaths;
        if (compiled.options().get() != options) {
            // Options validated the regexes already; compiling once per options instance keeps requests cheap
            // (a reference comparison, no lookup of the option). Weak: the options hold the application's hooks.
            compiled = new IgnoredPaths(new WeakReference<>(options),
                    options.get(JaxrsOptions.IGNORE_PATHS).stream().map(Pattern::compile).toList());
            ignoredPaths = compiled;
        }
        for (Pattern pattern : compiled.patterns()) {
            for (String path : paths) {
                if (path != null && pattern.matcher(path).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Reports a failure of the instrumentation itself: once at WARNING, later ones at DEBUG, and never
     * rethrown, since tracing must not break a request.
     */
    static void failed(String what, Throwable e) {
        if (LOGGED.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "Sentry JAX-RS instrumentation failed to " + what
                    + "; the request is unaffected (further failures are logged at DEBUG)", e);
        } else {
            LOG.log(Level.DEBUG, "Sentry JAX-RS instrumentation failed to " + what, e);
        }
    }

    private record IgnoredPaths(WeakReference<SentryOptions> options, List<Pattern> patterns) {
    }
}
