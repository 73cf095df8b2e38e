package io.github.sentryjakarta.integration;

/**
 * An invalid configuration value. The message names the key, the value and what is allowed; for
 * {@code sentry.dsn} the value is quoted with its secret (if any) replaced by {@code ***}.
 */
public final class InvalidOptionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * @param key the config key, e.g. {@code sentry.traces-sample-rate}
     * @param value the offending value as configured
     * @param allowed what would have been accepted
     */
    public InvalidOptionException(String key, Object value, String allowed) {
        super("Invalid value for " + key + ": " + shown(key, value) + "; allowed: " + allowed);
        this.key = key;
    }

    private static String shown(String key, Object value) {
        return "'" + (key.equals("sentry.dsn") && value != null ? Dsn.redact(value.toString()) : value) + "'";
    }

    /** @return the config key whose value is invalid */
    public String key() {
        return key;
    }
}
