package io.github.sentryjakarta.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.Traces;
import io.github.sentryjakarta.internal.span.SpanData;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.ConnectionEvent;
import javax.sql.ConnectionEventListener;
import javax.sql.DataSource;
import javax.sql.PooledConnection;
import javax.sql.XAConnection;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SentryDataSource} configured as servers and pools do (class name and bean properties), and in code. */
class SentryDataSourceTest {

    private final RecordedSpans recorded = RecordedSpans.install();

    @AfterEach
    void uninstall() {
        recorded.close();
    }

    private static SentryDataSource h2(String database) {
        SentryDataSource dataSource = new SentryDataSource();
        dataSource.setTargetDataSourceClass("org.h2.jdbcx.JdbcDataSource");
        dataSource.setURL("jdbc:sentry:h2:mem:" + database + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        dataSource.setPassword("");
        return dataSource;
    }

    private void query(Connection connection) throws SQLException {
        try (Span request = Traces.startSpan("GET /ds"); Statement statement = connection.createStatement()) {
            statement.executeQuery("CALL 42").close();
        }
    }

    private SpanData onlyDbSpan() {
        assertThat(recorded.dbSpans()).hasSize(1);
        return recorded.dbSpans().get(0);
    }

    @Test
    void aTargetClassWithBeanPropertiesGivesTracedConnections() throws SQLException {
        SentryDataSource dataSource = h2("byclass");
        try (Connection connection = dataSource.getConnection()) {
            query(connection);
        }
        assertThat(onlyDbSpan().attributes().toMap()).containsEntry("db.system.name", "h2database")
                .containsEntry("db.namespace", "byclass");
        assertThat(dataSource.unwrap(JdbcDataSource.class).getURL()).as("the prefix is not passed on")
                .isEqualTo("jdbc:h2:mem:byclass;DB_CLOSE_DELAY=-1");
        assertThat(dataSource.isWrapperFor(JdbcDataSource.class)).isTrue();
    }

    @Test
    void xaConnectionsGiveTracedConnectionsAndTheDriversXaResource() throws Exception {
        XAConnection xa = h2("xa").getXAConnection();
        try {
            XAResource resource = xa.getXAResource();
            assertThat(resource.getClass().getName()).startsWith("org.h2.");
            Xid xid = new TestXid();
            resource.start(xid, XAResource.TMNOFLAGS);
            try (Connection connection = xa.getConnection()) {
                query(connection);
            }
            resource.end(xid, XAResource.TMSUCCESS);
            resource.commit(xid, true);
        } finally {
            xa.close();
        }
        assertThat(onlyDbSpan().name()).isEqualTo("CALL ?");
    }

    @Test
    void pooledConnectionEventsNameThePooledConnectionThePoolKnows() throws SQLException {
        PooledConnection pooled = h2("pooled").getPooledConnection();
        List<ConnectionEvent> closed = new CopyOnWriteArrayList<>();
        ConnectionEventListener listener = new ConnectionEventListener() {
            @Override
            public void connectionClosed(ConnectionEvent event) {
                closed.add(event);
            }

            @Override
            public void connectionErrorOccurred(ConnectionEvent event) {
            }
        };
        pooled.addConnectionEventListener(listener);
        try (Connection connection = pooled.getConnection()) {
            query(connection);
        }
        assertThat(closed).singleElement().satisfies(event -> assertThat(event.getSource()).isSameAs(pooled));
        pooled.removeConnectionEventListener(listener);
        pooled.getConnection().close();
        assertThat(closed).as("a removed listener hears nothing").hasSize(1);
        pooled.close();
        assertThat(onlyDbSpan().name()).isEqualTo("CALL ?");
    }

    @Test
    void wrapTracesAnExistingDataSourceAndUnwrapsToIt() throws SQLException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:wrapped");
        DataSource dataSource = SentryDataSource.wrap(h2);
        try (Connection connection = dataSource.getConnection("sa", "")) {
            query(connection);
        }
        assertThat(onlyDbSpan().attributes().toMap()).containsEntry("db.namespace", "wrapped");
        assertThat(dataSource.unwrap(JdbcDataSource.class)).isSameAs(h2);
    }

    @Test
    void withoutATargetClassTheUrlsDriverIsUsed() throws SQLException {
        SentryDataSource dataSource = new SentryDataSource();
        dataSource.setUrl("jdbc:sentry:hsqldb:mem:plain");
        dataSource.setUser("SA");
        try (Connection connection = dataSource.getConnection()) {
            query(connection);
        }
        assertThat(onlyDbSpan().attributes().toMap()).containsEntry("db.system.name", "hsqldb")
                .containsEntry("db.namespace", "plain");
        assertThatThrownBy(dataSource::getXAConnection).isInstanceOf(SQLException.class)
                .hasMessageContaining("targetDataSourceClass");
    }

    @Test
    void anUnknownTargetPropertyFailsWithItsName() {
        SentryDataSource dataSource = h2("misconfigured");
        dataSource.setTargetProperties("description=shop; noSuchProperty=1");
        assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLException.class)
                .hasMessageContaining("noSuchProperty").hasMessageContaining("org.h2.jdbcx.JdbcDataSource");
        SentryDataSource missing = new SentryDataSource();
        missing.setTargetDataSourceClass("com.example.NoSuchDataSource");
        assertThatThrownBy(missing::getConnection).isInstanceOf(SQLException.class)
                .hasMessageContaining("com.example.NoSuchDataSource");
    }

    private static final class TestXid implements Xid {
        @Override
        public int getFormatId() {
            return 1;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return new byte[] {1};
        }

        @Override
        public byte[] getBranchQualifier() {
            return new byte[] {2};
        }
    }
}
