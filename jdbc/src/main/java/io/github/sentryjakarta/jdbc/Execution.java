package io.github.sentryjakarta.jdbc;

import io.github.sentryjakarta.Span;
import java.sql.SQLException;

/**
 * Runs one statement execution inside its span. The calls are passed as method references that take the real
 * statement and the SQL ({@code Statement::executeQuery}), so they capture nothing and allocate nothing; whatever
 * the driver throws is recorded and rethrown as it is.
 */
final class Execution {

    /** An execution that returns a result (a {@code ResultSet}, a flag, an array of counts). */
    @FunctionalInterface
    interface Call<S, R> {
        R run(S statement, String sql) throws SQLException;
    }

    /** An execution that returns a row count ({@code int} or {@code long}). */
    @FunctionalInterface
    interface Count<S> {
        long run(S statement, String sql) throws SQLException;
    }

    private Execution() {
    }

    /** @param span the execution's span, or {@code null} to run the call untraced */
    static <S, R> R call(Span span, S statement, String sql, Call<S, R> call) throws SQLException {
        if (span == null) {
            return call.run(statement, sql);
        }
        R result;
        try {
            result = call.run(statement, sql);
        } catch (SQLException | RuntimeException | Error e) {
            QuerySpan.endWithError(span, e);
            throw e;
        }
        span.end();
        return result;
    }

    /** @param span the execution's span, or {@code null} to run the call untraced */
    static <S> long count(Span span, S statement, String sql, Count<S> call) throws SQLException {
        if (span == null) {
            return call.run(statement, sql);
        }
        long rows;
        try {
            rows = call.run(statement, sql);
        } catch (SQLException | RuntimeException | Error e) {
            QuerySpan.endWithError(span, e);
            throw e;
        }
        QuerySpan.endWithRows(span, rows);
        return rows;
    }
}
