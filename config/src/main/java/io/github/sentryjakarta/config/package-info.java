/**
 * Sentry options from MicroProfile Config: {@link io.github.sentryjakarta.config.SentryConfig} reads and
 * validates every {@code sentry.*} key, {@link io.github.sentryjakarta.config.SentryDefaultsConfigSource}
 * supplies the defaults and a classpath {@code sentry.properties} at a low ordinal.
 */
package io.github.sentryjakarta.config;
