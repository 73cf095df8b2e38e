package io.github.sentryjakarta.internal.envelope;

import io.github.sentryjakarta.integration.SentryOptions;

/**
 * What every envelope says about where it comes from: environment, release, dist, server name and the
 * Java runtime, read once from the options and the JVM.
 *
 * @param environment {@code sentry.environment}
 * @param release {@code sentry.release}, or {@code null}
 * @param dist {@code sentry.dist}, or {@code null}
 * @param serverName {@code sentry.server-name}
 * @param runtimeName the JVM's name
 * @param runtimeVersion the Java version
 */
record Resource(String environment, String release, String dist, String serverName, String runtimeName,
        String runtimeVersion) {

    static Resource of(SentryOptions options) {
        return new Resource(options.environment(), options.release().orElse(null), options.dist().orElse(null),
                options.serverName(), systemProperty("java.vm.name", "Java"),
                systemProperty("java.version", Runtime.version().toString()));
    }

    private static String systemProperty(String key, String fallback) {
        try {
            String value = System.getProperty(key);
            return value == null || value.isEmpty() ? fallback : value;
        } catch (SecurityException e) {
            return fallback;
        }
    }

    /** Writes the {@code runtime} member of an event's {@code contexts}: events and transactions carry the same. */
    void writeRuntimeContext(JsonBuffer out) {
        out.key("runtime");
        out.write((byte) '{');
        out.member("name", runtimeName);
        out.member("version", runtimeVersion);
        out.write((byte) '}');
    }
}
