package io.github.sentryjakarta.internal.propagation;

import io.github.sentryjakarta.integration.Dsn;
import io.github.sentryjakarta.integration.SentryOptions;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which outgoing URLs get trace headers: those matching one of {@code sentry.trace-propagation-targets}
 * (a regex found anywhere in the URL, as in Sentry's other SDKs), and never Sentry itself: the DSN's host
 * and port. The port counts, so that services next to a local or self-hosted Sentry still propagate.
 */
public final class PropagationTargets {

    private final List<Pattern> patterns;
    private final String sentryHost;
    private final int sentryPort;

    public PropagationTargets(SentryOptions options) {
        this.patterns = options.tracePropagationTargets().stream().map(Pattern::compile).toList();
        this.sentryHost = options.dsn().map(d -> d.host().toLowerCase(Locale.ROOT)).orElse(null);
        this.sentryPort = options.dsn().map(Dsn::port).orElse(-1);
    }

    public boolean matches(String url) {
        if (url == null) {
            return false;
        }
        if (sentryHost != null) {
            try {
                URI uri = URI.create(url);
                String host = uri.getHost();
                if (host != null && host.toLowerCase(Locale.ROOT).equals(sentryHost)
                        && Dsn.effectivePort(uri.getScheme(), uri.getPort()) == sentryPort) {
                    return false;
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        for (Pattern pattern : patterns) {
            if (pattern.matcher(url).find()) {
                return true;
            }
        }
        return false;
    }
}
