package io.github.sentryjakarta.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.CommonDataSource;
import javax.sql.ConnectionPoolDataSource;
import javax.sql.DataSource;
import javax.sql.PooledConnection;
import javax.sql.XAConnection;
import javax.sql.XADataSource;

/**
 * A {@link DataSource}, {@link XADataSource} and {@link ConnectionPoolDataSource} whose connections make database
 * spans, for servers and pools that are configured with a data source class and bean properties:
 * <ul>
 *   <li>{@code targetDataSourceClass}: the database's own data source class (e.g. {@code org.h2.jdbcx.JdbcDataSource},
 *       {@code org.postgresql.xa.PGXADataSource}); every other property is passed on to it: {@code url}/{@code URL}
 *       (a {@code jdbc:sentry:} prefix is dropped), {@code user}, {@code password}, {@code databaseName},
 *       {@code serverName}, {@code portNumber}, and anything in {@code targetProperties}
 *       ({@code key=value;key=value});</li>
 *   <li>without {@code targetDataSourceClass}: a plain data source over {@code url} and the driver that accepts it.</li>
 * </ul>
 * In code, {@link #wrap(DataSource)} wraps an existing data source (a pool, a container's).
 *
 * <p>The target is created, and the properties applied, on the first connection; later property changes do not
 * reach it. Getting a connection takes no lock once the target exists.
 */
public class SentryDataSource implements DataSource, XADataSource, ConnectionPoolDataSource {

    private final Map<String, String> properties = new LinkedHashMap<>();
    private String targetDataSourceClass;
    private volatile CommonDataSource target;
    private volatile Database database;
    private PrintWriter logWriter;
    private int loginTimeout;

    /** For servers and pools, which create it by class name and set its properties. */
    public SentryDataSource() {
    }

    private SentryDataSource(CommonDataSource target) {
        this.target = target;
    }

    /** @return {@code dataSource} whose connections make database spans */
    public static DataSource wrap(DataSource dataSource) {
        return new SentryDataSource(dataSource);
    }

    // ------------------------------------------------------------------ configuration

    /** The class name of the database's own data source; see the class comment. */
    public synchronized void setTargetDataSourceClass(String className) {
        this.targetDataSourceClass = className;
    }

    /** @return the class name of the database's own data source */
    public synchronized String getTargetDataSourceClass() {
        return targetDataSourceClass;
    }

    /** The JDBC URL ({@code jdbc:sentry:} prefix optional). */
    public void setUrl(String url) {
        property("url", SentryDriver.realUrl(url));
    }

    /** Same as {@link #setUrl}, for servers that spell it so. */
    public void setURL(String url) {
        setUrl(url);
    }

    /** @return the JDBC URL without the {@code jdbc:sentry:} prefix */
    public synchronized String getUrl() {
        return properties.get("url");
    }

    /** The database user. */
    public void setUser(String user) {
        property("user", user);
    }

    /** The database password. */
    public void setPassword(String password) {
        property("password", password);
    }

    /** Passed on to the target. */
    public void setDatabaseName(String databaseName) {
        property("databaseName", databaseName);
    }

    /** Passed on to the target. */
    public void setServerName(String serverName) {
        property("serverName", serverName);
    }

    /** Passed on to the target. */
    public void setPortNumber(int portNumber) {
        property("portNumber", Integer.toString(portNumber));
    }

    /** Further properties of the target, {@code key=value} separated by {@code ;}. */
    public void setTargetProperties(String keyValues) {
        for (String pair : keyValues.split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                property(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            }
        }
    }

    private synchronized void property(String key, String value) {
        properties.put(key, value);
    }

    // ------------------------------------------------------------------ connections

    @Override
    public Connection getConnection() throws SQLException {
        CommonDataSource dataSource = target();
        if (dataSource == null) {
            return openThroughDriver(null, null);
        }
        return wrap(as(DataSource.class, dataSource).getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        CommonDataSource dataSource = target();
        if (dataSource == null) {
            return openThroughDriver(username, password);
        }
        return wrap(as(DataSource.class, dataSource).getConnection(username, password));
    }

    @Override
    public XAConnection getXAConnection() throws SQLException {
        return new TracingXAConnection(as(XADataSource.class, requireTarget()).getXAConnection(), this);
    }

    @Override
    public XAConnection getXAConnection(String user, String password) throws SQLException {
        return new TracingXAConnection(as(XADataSource.class, requireTarget()).getXAConnection(user, password), this);
    }

    @Override
    public PooledConnection getPooledConnection() throws SQLException {
        return new TracingPooledConnection(as(ConnectionPoolDataSource.class, requireTarget()).getPooledConnection(), this);
    }

    @Override
    public PooledConnection getPooledConnection(String user, String password) throws SQLException {
        return new TracingPooledConnection(
                as(ConnectionPoolDataSource.class, requireTarget()).getPooledConnection(user, password), this);
    }

    /**
     * Wraps a connection of the target; the database is read from the configured URL or else from the first
     * connection's metadata. A driver that cannot tell its URL gets spans without database details, never an error.
     */
    Connection wrap(Connection connection) {
        Database known = database;
        if (known == null) {
            String url;
            synchronized (this) {
                url = properties.get("url");
            }
            try {
                known = Database.fromUrl(url != null ? url : connection.getMetaData().getURL());
            } catch (SQLException | RuntimeException unknown) {
                known = Database.UNKNOWN;
            }
            database = known;
        }
        return new TracingConnection(connection, known);
    }

    private Connection openThroughDriver(String username, String password) throws SQLException {
        Properties info = new Properties();
        String url;
        synchronized (this) {
            url = properties.get("url");
            putIfNotNull(info, "user", username != null ? username : properties.get("user"));
            putIfNotNull(info, "password", username != null ? password : properties.get("password"));
        }
        if (url == null) {
            throw new SQLException("SentryDataSource needs a url or a targetDataSourceClass", "08001");
        }
        return SentryDriver.open(url, info);
    }

    private static void putIfNotNull(Properties info, String key, String value) {
        if (value != null) {
            info.put(key, value);
        }
    }

    private CommonDataSource requireTarget() throws SQLException {
        CommonDataSource dataSource = target();
        if (dataSource == null) {
            throw new SQLException("XA and pooled connections need a targetDataSourceClass naming the database's"
                    + " XADataSource or ConnectionPoolDataSource", "08001");
        }
        return dataSource;
    }

    private static <T> T as(Class<T> type, CommonDataSource dataSource) throws SQLException {
        if (!type.isInstance(dataSource)) {
            throw new SQLException(dataSource.getClass().getName() + " is not a " + type.getName(), "08001");
        }
        return type.cast(dataSource);
    }

    /** @return the target, created with the properties on first use; {@code null} without a target class */
    private CommonDataSource target() throws SQLException {
        CommonDataSource existing = target;
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            if (target == null && targetDataSourceClass != null) {
                target = TargetFactory.create(targetDataSourceClass, properties, logWriter, loginTimeout);
            }
            return target;
        }
    }

    // ------------------------------------------------------------------ CommonDataSource, Wrapper

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        CommonDataSource dataSource = target;
        return dataSource != null ? dataSource.getLogWriter() : logWriter;
    }

    @Override
    public synchronized void setLogWriter(PrintWriter out) throws SQLException {
        logWriter = out;
        if (target != null) {
            target.setLogWriter(out);
        }
    }

    @Override
    public synchronized void setLoginTimeout(int seconds) throws SQLException {
        loginTimeout = seconds;
        if (target != null) {
            target.setLoginTimeout(seconds);
        }
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        CommonDataSource dataSource = target;
        return dataSource != null ? dataSource.getLoginTimeout() : loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        CommonDataSource dataSource = target;
        if (dataSource == null) {
            throw new SQLFeatureNotSupportedException("no target data source yet");
        }
        return dataSource.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        CommonDataSource dataSource = target();
        if (iface.isInstance(dataSource)) {
            return iface.cast(dataSource);
        }
        if (dataSource instanceof DataSource wrapper) {
            return wrapper.unwrap(iface);
        }
        throw new SQLException("Not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        CommonDataSource dataSource = target();
        return iface.isInstance(dataSource) || (dataSource instanceof DataSource wrapper && wrapper.isWrapperFor(iface));
    }
}
