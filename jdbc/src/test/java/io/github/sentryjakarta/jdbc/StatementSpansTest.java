package io.github.sentryjakarta.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.SpanStatus;
import io.github.sentryjakarta.Traces;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.internal.span.SpanData;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Statements through {@code jdbc:sentry:} on real H2 and HSQLDB (in memory), with the spans as the pipeline
 * receives them.
 */
class StatementSpansTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final String CARD = "4111111111111111";

    private RecordedSpans recorded = RecordedSpans.install();
    private Connection connection;
    private String namespace;
    private String system;

    @AfterEach
    void close() throws SQLException {
        if (connection != null) {
            connection.close();
        }
        recorded.close();
    }

    /** Opens a fresh in-memory database through the wrapping driver, with a table made before any span exists. */
    private Connection open(String kind) throws SQLException {
        namespace = "spans" + DATABASES.incrementAndGet();
        system = kind.equals("h2") ? "h2database" : "hsqldb";
        connection = DriverManager.getConnection("jdbc:sentry:" + kind + ":mem:" + namespace, "SA", "");
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE payments (id INT PRIMARY KEY, card VARCHAR(32), amount INT)");
        }
        return connection;
    }

    private SpanData onlyDbSpan() {
        assertThat(recorded.dbSpans()).hasSize(1);
        return recorded.dbSpans().get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "hsqldb"})
    void statementExecutionsAreChildSpansWithLiteralsReplaced(String kind) throws SQLException {
        open(kind);
        assertThat(recorded.all()).as("no current span: no span").isEmpty();
        Span root;
        try (Span request = Traces.startSpan("POST /payments"); Statement statement = connection.createStatement()) {
            root = request;
            assertThat(statement.executeUpdate("INSERT INTO payments VALUES (1, '" + CARD + "', 10)")).isEqualTo(1);
            try (ResultSet rows = statement.executeQuery("SELECT amount FROM payments WHERE card = '" + CARD + "'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(10);
            }
            assertThat(Traces.currentSpan()).as("a db span is never current").containsSame(request);
        }
        List<SpanData> spans = recorded.dbSpans();
        assertThat(spans).extracting(SpanData::name).containsExactly(
                "INSERT INTO payments VALUES (?, ?, ?)", "SELECT amount FROM payments WHERE card = ?");
        SpanData insert = spans.get(0);
        assertThat(insert.parentSpanId()).isEqualTo(root.spanId());
        assertThat(insert.traceId()).isEqualTo(root.traceId());
        assertThat(insert.status()).isEqualTo(SpanStatus.OK);
        assertThat(insert.attributes().toMap()).containsAllEntriesOf(Map.of(
                "sentry.op", "db",
                "sentry.origin", "auto.db.jakarta_jdbc",
                "db.system.name", system,
                "db.namespace", namespace,
                "db.operation.name", "INSERT",
                "db.collection.name", "payments",
                "db.query.text", "INSERT INTO payments VALUES (?, ?, ?)",
                "db.response.affected_rows", 1L));
        assertThat(spans.get(1).attributes().toMap()).containsEntry("db.operation.name", "SELECT")
                .containsEntry("db.collection.name", "payments").doesNotContainKey("db.response.affected_rows");
        for (SpanData span : recorded.all()) {
            assertThat(span.name()).doesNotContain("4111");
            assertThat(span.attributes().toMap().values()).allSatisfy(value -> assertThat(String.valueOf(value)).doesNotContain("4111"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "hsqldb"})
    void aPreparedQueryInALoopShowsAsIdenticalSiblingSpans(String kind) throws SQLException {
        open(kind);
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO payments VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30)");
        }
        Span root;
        int total = 0;
        try (Span request = Traces.startSpan("GET /orders")) {
            root = request;
            for (int id = 1; id <= 3; id++) { // the N+1 pattern: one query per id
                try (PreparedStatement query = connection.prepareStatement("SELECT amount FROM payments WHERE id = ?")) {
                    query.setInt(1, id);
                    try (ResultSet rows = query.executeQuery()) {
                        rows.next();
                        total += rows.getInt(1);
                    }
                }
            }
        }
        assertThat(total).isEqualTo(60);
        List<SpanData> spans = recorded.dbSpans();
        assertThat(spans).hasSize(3).allSatisfy(span -> {
            assertThat(span.name()).isEqualTo("SELECT amount FROM payments WHERE id = ?");
            assertThat(span.parentSpanId()).isEqualTo(root.spanId());
        });
        assertThat(spans).extracting(SpanData::spanId).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "hsqldb"})
    void callableStatementsAreCallSpans(String kind) throws SQLException {
        open(kind);
        try (Span request = Traces.startSpan("GET /abs"); CallableStatement call = connection.prepareCall("CALL ABS(?)")) {
            call.setInt(1, -7);
            assertThat(call.execute()).isTrue();
            try (ResultSet result = call.getResultSet()) {
                assertThat(result.next()).isTrue();
                assertThat(result.getInt(1)).isEqualTo(7);
            }
        }
        SpanData span = onlyDbSpan();
        assertThat(span.name()).isEqualTo("CALL ABS(?)");
        assertThat(span.attributes().toMap()).containsEntry("db.operation.name", "CALL")
                .containsEntry("db.stored_procedure.name", "ABS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "hsqldb"})
    void aPreparedBatchIsOneSpanWithItsSize(String kind) throws SQLException {
        open(kind);
        try (Span request = Traces.startSpan("POST /import");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO payments VALUES (?, ?, ?)")) {
            for (int id = 1; id <= 3; id++) {
                insert.setInt(1, id);
                insert.setString(2, CARD);
                insert.setInt(3, id * 10);
                insert.addBatch();
            }
            assertThat(insert.executeBatch()).hasSize(3);
            insert.setInt(1, 4);
            insert.setString(2, CARD);
            insert.setInt(3, 40);
            insert.addBatch();
            assertThat(insert.executeBatch()).as("a second batch counts afresh").hasSize(1);
        }
        assertThat(recorded.dbSpans()).hasSize(2).allSatisfy(span -> {
            assertThat(span.name()).isEqualTo("INSERT INTO payments VALUES (?, ?, ?)");
            assertThat(span.attributes().toMap()).containsEntry("db.operation.name", "INSERT");
        });
        assertThat(recorded.dbSpans()).extracting(span -> span.attributes().get("db.operation.batch.size"))
                .containsExactly(3L, 1L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "hsqldb"})
    void aStatementBatchIsNamedByItsStatementOrElseBatch(String kind) throws SQLException {
        open(kind);
        try (Span request = Traces.startSpan("POST /import"); Statement statement = connection.createStatement()) {
            statement.addBatch("INSERT INTO payments VALUES (1, 'a', 1)");
            statement.addBatch("INSERT INTO payments VALUES (2, 'b', 2)");
            statement.executeBatch();
            statement.addBatch("INSERT INTO payments VALUES (3, 'c', 3)");
            statement.addBatch("DELETE FROM payments WHERE id = 1");
            statement.executeBatch();
            statement.addBatch("DELETE FROM payments WHERE id = 2");
            statement.clearBatch();
            statement.addBatch("DELETE FROM payments WHERE id = 3");
            statement.executeBatch();
        }
        assertThat(recorded.dbSpans()).extracting(SpanData::name)
                .containsExactly("INSERT INTO payments VALUES (?, ?, ?)", "BATCH", "DELETE FROM payments WHERE id = ?");
        assertThat(recorded.dbSpans()).extracting(span -> span.attributes().get("db.operation.batch.size"))
                .containsExactly(2L, 2L, 1L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "hsqldb"})
    void aFailingStatementEndsItsSpanAsAnErrorAndTheDriversExceptionPassesUnchanged(String kind) throws SQLException {
        open(kind);
        SQLException raw;
        try (Connection direct = DriverManager.getConnection("jdbc:" + kind + ":mem:" + namespace, "SA", "");
                Statement statement = direct.createStatement()) {
            raw = catchSql(() -> statement.executeQuery("SELECT * FROM missing_table"));
        }
        SQLException traced;
        try (Span request = Traces.startSpan("GET /missing"); Statement statement = connection.createStatement()) {
            traced = catchSql(() -> statement.executeQuery("SELECT * FROM missing_table"));
        }
        assertThat((Throwable) traced).hasSameClassAs(raw).hasMessage(raw.getMessage());
        assertThat(traced.getSQLState()).isEqualTo(raw.getSQLState());
        assertThat(traced.getErrorCode()).isEqualTo(raw.getErrorCode());
        assertThat(traced.getStackTrace()[0].getClassName()).doesNotStartWith("io.github.sentryjakarta");
        SpanData span = onlyDbSpan();
        assertThat(span.status()).isEqualTo(SpanStatus.ERROR);
        assertThat(span.attributes().toMap()).containsEntry("error.type", raw.getClass().getName())
                .containsEntry("db.response.status_code", raw.getSQLState());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "hsqldb"})
    void sqlADriverRejectsWhenPreparingIsAnErrorSpanToo(String kind) throws SQLException {
        open(kind);
        SQLException traced;
        try (Span request = Traces.startSpan("GET /missing")) {
            traced = catchSql(() -> connection.prepareStatement("SELECT * FROM missing_table WHERE id = 7"));
        }
        SpanData span = onlyDbSpan();
        assertThat(span.name()).isEqualTo("SELECT * FROM missing_table WHERE id = ?");
        assertThat(span.status()).isEqualTo(SpanStatus.ERROR);
        assertThat(span.attributes().toMap()).containsEntry("error.type", traced.getClass().getName());
    }

    private interface SqlAction {
        Object run() throws SQLException;
    }

    private static SQLException catchSql(SqlAction action) {
        try {
            action.run();
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("no SQLException");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "hsqldb"})
    void transactionsWithSavepointsKeepEveryStatementsSpanUnderItsOwnParent(String kind) throws SQLException {
        open(kind);
        connection.setAutoCommit(false);
        Span outer;
        Span inner;
        try (Span request = Traces.startSpan("POST /transfer")) {
            outer = request;
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO payments VALUES (1, 'a', 10)");
                Savepoint savepoint = connection.setSavepoint("nested");
                try (Span service = Traces.startSpan("TransferService.debit")) {
                    inner = service;
                    statement.executeUpdate("INSERT INTO payments VALUES (2, 'b', 20)");
                    connection.rollback(savepoint);
                }
                statement.executeUpdate("INSERT INTO payments VALUES (3, 'c', 30)");
                connection.commit();
                try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM payments")) {
                    count.next();
                    assertThat(count.getInt(1)).as("the nested insert was rolled back").isEqualTo(2);
                }
            }
        }
        assertThat(recorded.dbSpans()).extracting(SpanData::parentSpanId)
                .containsExactly(outer.spanId(), inner.spanId(), outer.spanId(), outer.spanId());
        assertThat(recorded.all()).extracting(SpanData::name).contains("TransferService.debit", "POST /transfer");
    }

    @Test
    void unwrapReachesTheDriversObjects() throws SQLException {
        open("h2");
        assertThat(connection.isWrapperFor(org.h2.jdbc.JdbcConnection.class)).isTrue();
        assertThat(connection.unwrap(org.h2.jdbc.JdbcConnection.class)).isInstanceOf(org.h2.jdbc.JdbcConnection.class);
        assertThat(connection.isWrapperFor(javax.sql.DataSource.class)).isFalse();
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1");
                CallableStatement call = connection.prepareCall("CALL 1")) {
            assertThat(statement.unwrap(org.h2.jdbc.JdbcPreparedStatement.class)).isNotNull();
            assertThat(statement.isWrapperFor(org.h2.jdbc.JdbcStatement.class)).isTrue();
            assertThat(call.unwrap(org.h2.jdbc.JdbcCallableStatement.class)).isNotNull();
            assertThat(statement.getConnection()).as("the statement's connection is the traced one").isSameAs(connection);
        }
        assertThatThrownBy(() -> connection.unwrap(javax.sql.DataSource.class)).isInstanceOf(SQLException.class);
    }

    @Test
    void unsampledTracesMakeNoDatabaseSpans() throws SQLException {
        recorded.close();
        recorded = RecordedSpans.installUnsampled();
        open("h2");
        try (Span request = Traces.startSpan("GET /unsampled"); Statement statement = connection.createStatement()) {
            assertThat(request.isRecording()).isFalse();
            statement.executeQuery("SELECT * FROM payments").close();
        }
        assertThat(recorded.all()).isEmpty();
    }

    @Test
    void aLibraryThatIsOffMakesNoDatabaseSpans() throws SQLException {
        recorded.close();
        SentryRuntime.install(null);
        open("h2");
        try (Span request = Traces.startSpan("GET /off"); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO payments VALUES (1, 'a', 10)");
        }
        assertThat(recorded.all()).isEmpty();
    }

    @Test
    void aWrappedUrlWithoutItsDriverFailsWithoutQuotingTheUrl() {
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:sentry:nosuchdb://host/db?password=secret"))
                .isInstanceOf(SQLException.class)
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:sentry:sentry:h2:mem:x"))
                .isInstanceOf(SQLException.class).hasMessageContaining("cannot wrap itself");
    }
}
