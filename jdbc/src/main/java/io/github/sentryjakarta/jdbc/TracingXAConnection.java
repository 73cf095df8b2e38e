package io.github.sentryjakarta.jdbc;

import java.sql.SQLException;
import javax.sql.XAConnection;
import javax.transaction.xa.XAResource;

/** An XA connection of a {@link SentryDataSource}: traced logical connections, the driver's own {@link XAResource}. */
final class TracingXAConnection extends TracingPooledConnection implements XAConnection {

    private final XAConnection delegate;

    TracingXAConnection(XAConnection delegate, SentryDataSource dataSource) {
        super(delegate, dataSource);
        this.delegate = delegate;
    }

    @Override
    public XAResource getXAResource() throws SQLException {
        return delegate.getXAResource();
    }
}
