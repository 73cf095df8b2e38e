package io.github.sentryjakarta.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Iterator;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.logging.Logger;

/**
 * A JDBC driver for URLs {@code jdbc:sentry:<the real URL without "jdbc:">}, e.g. {@code jdbc:sentry:h2:mem:test}
 * or {@code jdbc:sentry:postgresql://db:5432/shop}: it opens the connection with the driver that accepts the
 * real URL ({@code jdbc:h2:mem:test}) and returns it wrapped, so that every statement execution under a sampled
 * span becomes a {@code db} span. Registered with {@link DriverManager} through
 * {@code META-INF/services/java.sql.Driver}, and usable by class name wherever a server or pool takes a driver
 * class ({@code io.github.sentryjakarta.jdbc.SentryDriver}).
 *
 * <p>The real driver is found through {@link DriverManager}, else through {@link ServiceLoader} with the thread's
 * context class loader and this class's loader (application servers keep drivers in modules that
 * {@code DriverManager} may not show to the application).
 */
public final class SentryDriver implements Driver {

    /** The prefix of the URLs this driver accepts. */
    public static final String URL_PREFIX = "jdbc:sentry:";

    static {
        try {
            DriverManager.registerDriver(new SentryDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** For {@code ServiceLoader} and for servers and pools that instantiate drivers by class name. */
    public SentryDriver() {
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        String realUrl = realUrl(url);
        Connection connection = driverFor(realUrl).connect(realUrl, info);
        return connection == null ? null : new TracingConnection(connection, Database.fromUrl(realUrl));
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.regionMatches(true, 0, URL_PREFIX, 0, URL_PREFIX.length());
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return new DriverPropertyInfo[0];
        }
        String realUrl = realUrl(url);
        return driverFor(realUrl).getPropertyInfo(realUrl, info);
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("sentry-jakarta's driver does not log through java.util.logging");
    }

    /** @return a traced connection through the driver that accepts {@code url} (with or without the prefix) */
    static Connection open(String url, Properties info) throws SQLException {
        String realUrl = realUrl(url);
        Connection connection = driverFor(realUrl).connect(realUrl, info);
        if (connection == null) {
            throw new SQLException("The driver for " + subprotocol(realUrl) + " refused the URL", "08001");
        }
        return new TracingConnection(connection, Database.fromUrl(realUrl));
    }

    /** @return {@code jdbc:h2:mem:test} for {@code jdbc:sentry:h2:mem:test}; other URLs unchanged */
    static String realUrl(String url) {
        return url.regionMatches(true, 0, URL_PREFIX, 0, URL_PREFIX.length())
                ? "jdbc:" + url.substring(URL_PREFIX.length()) : url;
    }

    private static Driver driverFor(String realUrl) throws SQLException {
        if (realUrl.regionMatches(true, 0, URL_PREFIX, 0, URL_PREFIX.length())) {
            throw new SQLException("jdbc:sentry: cannot wrap itself: name the real database after the prefix once", "08001");
        }
        try {
            return DriverManager.getDriver(realUrl);
        } catch (SQLException notRegistered) {
            Driver driver = fromServiceLoader(Thread.currentThread().getContextClassLoader(), realUrl);
            if (driver == null) {
                driver = fromServiceLoader(SentryDriver.class.getClassLoader(), realUrl);
            }
            if (driver == null) {
                // The URL itself is not quoted: it may hold a password.
                throw new SQLException("No JDBC driver accepts the URL behind jdbc:sentry: (" + subprotocol(realUrl)
                        + "): is the database's driver on the class path?", "08001", notRegistered);
            }
            return driver;
        }
    }

    private static Driver fromServiceLoader(ClassLoader loader, String realUrl) {
        if (loader == null) {
            return null;
        }
        Iterator<Driver> drivers = ServiceLoader.load(Driver.class, loader).iterator();
        for (int attempts = 0; attempts < 256; attempts++) { // bounded: a broken provider may keep failing
            try {
                if (!drivers.hasNext()) {
                    return null;
                }
                Driver driver = drivers.next();
                if (!(driver instanceof SentryDriver) && driver.acceptsURL(realUrl)) {
                    return driver;
                }
            } catch (ServiceConfigurationError | SQLException unusable) {
                // a listed driver that cannot load or answer: try the next one
            }
        }
        return null;
    }

    private static String subprotocol(String realUrl) {
        int end = realUrl.indexOf(':', 5);
        return end < 0 ? "jdbc:?" : realUrl.substring(0, end + 1);
    }
}
