/**
 * Database spans: {@link io.github.sentryjakarta.jdbc.SentryDriver} ({@code jdbc:sentry:<real URL>}) and
 * {@link io.github.sentryjakarta.jdbc.SentryDataSource} wrap the database's connections so that each statement
 * execution under a sampled span becomes a {@code db} span with the normalized SQL.
 */
package io.github.sentryjakarta.jdbc;
