package io.github.sentryjakarta.testreceiver;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Checks the {@code X-Sentry-Auth} header: {@code Sentry sentry_key=..., sentry_version=7, ...}.
 */
final class SentryAuth {

    private static final String SCHEME = "sentry ";

    private SentryAuth() {
    }

    static void check(String header, String publicKey) throws Refusal {
        if (header == null || header.isBlank()) {
            throw new Refusal(401, "missing X-Sentry-Auth header");
        }
        if (!header.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
            throw new Refusal(401, "X-Sentry-Auth does not start with 'Sentry ': " + header);
        }
        Map<String, String> pairs = pairs(header.substring(SCHEME.length()));
        if (!publicKey.equals(pairs.get("sentry_key"))) {
            throw new Refusal(401, "X-Sentry-Auth lacks sentry_key=" + publicKey + ": " + header);
        }
        if (!"7".equals(pairs.get("sentry_version"))) {
            throw new Refusal(401, "X-Sentry-Auth lacks sentry_version=7: " + header);
        }
    }

    private static Map<String, String> pairs(String list) {
        Map<String, String> pairs = new HashMap<>();
        for (String pair : list.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                pairs.putIfAbsent(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return pairs;
    }
}
