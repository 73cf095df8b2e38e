package io.github.sentryjakarta.core;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which outgoing URLs get trace headers: those matching one of {@code sentry.trace-propagation-targets}
 * (a regex found anywhere in the URL, as in Sentry's other SDKs), and never the DSN's own host.
 */
final class PropagationTargets {

    private final List<Pattern> patterns;
    private final String sentryHost;

    PropagationTargets(SentryOptions options) {
        this.patterns = options.tracePropagationTargets().stream().map(Pattern::compile).toList();
        this.sentryHost = options.dsn().map(d -> d.host().toLowerCase(Locale.ROOT)).orElse(null);
    }

    boolean matches(String url) {
        if (url == null) {
            return false;
        }
        if (sentryHost != null) {
            try {
                String host = URI.create(url).getHost();
                if (host != null && host.toLowerCase(Locale.ROOT).equals(sentryHost)) {
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
