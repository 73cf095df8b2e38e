package io.github.sentryjakarta.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.ConnectionEvent;
import javax.sql.ConnectionEventListener;
import javax.sql.PooledConnection;
import javax.sql.StatementEventListener;

/**
 * A pooled connection of a {@link SentryDataSource} whose logical connections make database spans. The pool's
 * listeners see this object as the source of close and error events (pools match events to the pooled
 * connection they know), with the driver's exception unchanged.
 */
class TracingPooledConnection implements PooledConnection {

    private final PooledConnection delegate;
    private final SentryDataSource dataSource;
    /** The pool's listeners and the adapters registered with the driver for them, so that removal works. */
    private final Map<ConnectionEventListener, ConnectionEventListener> listeners = new ConcurrentHashMap<>();

    TracingPooledConnection(PooledConnection delegate, SentryDataSource dataSource) {
        this.delegate = delegate;
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.wrap(delegate.getConnection());
    }

    @Override
    public void close() throws SQLException {
        delegate.close();
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        ConnectionEventListener adapter = listeners.computeIfAbsent(listener, this::asSource);
        delegate.addConnectionEventListener(adapter);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        ConnectionEventListener adapter = listeners.remove(listener);
        if (adapter != null) {
            delegate.removeConnectionEventListener(adapter);
        }
    }

    @Override
    public void addStatementEventListener(StatementEventListener listener) {
        delegate.addStatementEventListener(listener);
    }

    @Override
    public void removeStatementEventListener(StatementEventListener listener) {
        delegate.removeStatementEventListener(listener);
    }

    private ConnectionEventListener asSource(ConnectionEventListener listener) {
        return new ConnectionEventListener() {
            @Override
            public void connectionClosed(ConnectionEvent event) {
                listener.connectionClosed(new ConnectionEvent(TracingPooledConnection.this, event.getSQLException()));
            }

            @Override
            public void connectionErrorOccurred(ConnectionEvent event) {
                listener.connectionErrorOccurred(new ConnectionEvent(TracingPooledConnection.this, event.getSQLException()));
            }
        };
    }
}
