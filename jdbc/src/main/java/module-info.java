/**
 * Query spans for any JDBC driver: a wrapping {@code DataSource} and a {@code jdbc:sentry:} driver.
 */
module io.github.sentryjakarta.jdbc {
    requires transitive io.github.sentryjakarta.core;
    requires transitive java.sql;

    exports io.github.sentryjakarta.jdbc;

    provides java.sql.Driver with io.github.sentryjakarta.jdbc.SentryDriver;
}
