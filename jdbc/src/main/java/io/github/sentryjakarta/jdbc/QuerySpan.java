package io.github.sentryjakarta.jdbc;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.SpanBuilder;
import io.github.sentryjakarta.Traces;
import java.sql.SQLException;

/**
 * Starts and ends the span of one statement execution. A span starts only under a current span that records
 * (sampled, library on): start-up queries, pool validation and unsampled requests cost one thread-local read
 * and make no span, and the SQL is not even looked at. The span is a child of the current span but never
 * becomes current itself (nothing runs inside a statement that could be its child), which also spares it a
 * scope on the thread.
 */
final class QuerySpan {

    static final String OP = "db";
    static final String ORIGIN = "auto.db.jakarta_jdbc";
    /** Rows changed by an update, as the driver reports them; not (yet) named by OpenTelemetry or Sentry. */
    static final String AFFECTED_ROWS = "db.response.affected_rows";

    private static final SqlCache CACHE = new SqlCache();

    private QuerySpan() {
    }

    /** @return the started span, or {@code null} when no recording span is current */
    static Span start(Database database, String sql) {
        Span parent = Traces.currentSpan().orElse(null);
        if (parent == null || !parent.isRecording()) {
            return null;
        }
        return start(parent, database, sql == null ? SqlStatement.MIXED_BATCH : CACHE.get(sql), -1);
    }

    /** @return the started span of a batch of {@code size} executions, or {@code null} as {@link #start} */
    static Span startBatch(Database database, String sql, int size) {
        Span parent = Traces.currentSpan().orElse(null);
        if (parent == null || !parent.isRecording()) {
            return null;
        }
        return start(parent, database, sql == null ? SqlStatement.MIXED_BATCH : CACHE.get(sql), size);
    }

    private static Span start(Span parent, Database database, SqlStatement statement, int batchSize) {
        SpanBuilder builder = Traces.spanBuilder(statement.text()).parent(parent).active(false)
                .attribute("sentry.op", OP)
                .attribute("sentry.origin", ORIGIN)
                .attribute("db.system.name", database.system())
                .attribute("db.query.text", statement.text());
        if (statement.operation() != null) {
            builder.attribute("db.operation.name", statement.operation());
        }
        if (statement.collection() != null) {
            builder.attribute("db.collection.name", statement.collection());
        }
        if (statement.procedure() != null) {
            builder.attribute("db.stored_procedure.name", statement.procedure());
        }
        if (database.namespace() != null) {
            builder.attribute("db.namespace", database.namespace());
        }
        if (database.address() != null) {
            builder.attribute("server.address", database.address());
            if (database.port() > 0) {
                builder.attribute("server.port", (long) database.port());
            }
        }
        if (batchSize >= 0) {
            builder.attribute("db.operation.batch.size", (long) batchSize);
        }
        return builder.start();
    }

    /**
     * @return whether two texts of a {@code Statement} batch make the same span name (the same statement with
     *     other literals); without a recording span nobody reads the answer, and nothing is normalized
     */
    static boolean sameStatement(String first, String next) {
        if (first.equals(next)) {
            return true;
        }
        Span current = Traces.currentSpan().orElse(null);
        return current != null && current.isRecording() && CACHE.get(first).text().equals(CACHE.get(next).text());
    }

    /** Ends a span after an update that reports its row count. */
    static void endWithRows(Span span, long rows) {
        if (rows >= 0) {
            span.setAttribute(AFFECTED_ROWS, rows);
        }
        span.end();
    }

    /** Ends the span of a failed execution: {@code error}, {@code error.type} and, for SQL errors, the SQLSTATE. */
    static void endWithError(Span span, Throwable error) {
        span.recordException(error);
        if (error instanceof SQLException sql && sql.getSQLState() != null) {
            span.setAttribute("db.response.status_code", sql.getSQLState());
        }
        span.end();
    }
}
