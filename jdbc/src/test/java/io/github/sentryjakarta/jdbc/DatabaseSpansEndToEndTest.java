package io.github.sentryjakarta.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.Traces;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.RuntimeAssembler;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.testing.ReceiverAndRuntime;
import io.github.sentryjakarta.testreceiver.ReceivedSpan;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Database spans as Sentry receives them: the library started as in plain Java ({@link RuntimeAssembler}), a real
 * H2 database behind {@code jdbc:sentry:}, and the project's test receiver parsing every envelope strictly.
 */
class DatabaseSpansEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final ReceiverAndRuntime sentry = new ReceiverAndRuntime();
    private SentryRuntime runtime;

    private void start(TraceLifecycle lifecycle) {
        runtime = sentry.start(SentryOptions.builder().serverName("e2e").traceLifecycle(lifecycle).tracesSampleRate(1.0));
        SentryRuntime.install(runtime);
    }

    /** A request that inserts a card number as a literal, then looks up two orders one by one (N+1). */
    private Span request(String database) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sentry:h2:mem:" + database, "sa", "")) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TABLE orders (id INT PRIMARY KEY, card VARCHAR(20))");
            }
            try (Span request = Traces.startSpan("GET /orders")) {
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("INSERT INTO orders VALUES (1, '4111111111111111'), (2, '4111111111111111')");
                }
                for (int id = 1; id <= 2; id++) {
                    try (PreparedStatement query = connection.prepareStatement("SELECT card FROM orders WHERE id = ?")) {
                        query.setInt(1, id);
                        query.executeQuery().close();
                    }
                }
                return request;
            }
        }
    }

    @Test
    void streamedDatabaseSpansArriveUnderTheirRequestWithoutLiterals() throws SQLException {
        start(TraceLifecycle.STREAM);
        Span request = request("streamed");
        assertThat(sentry.receiver().awaitSpans(4, WAIT)).as("spans arrived: %s", sentry.receiver().spans()).isTrue();
        List<ReceivedSpan> db = sentry.receiver().receivedSpans().stream().filter(span -> "db".equals(span.op())).toList();
        assertThat(db).extracting(ReceivedSpan::name).containsExactly(
                "INSERT INTO orders VALUES (?, ?), (?, ?)",
                "SELECT card FROM orders WHERE id = ?",
                "SELECT card FROM orders WHERE id = ?");
        assertThat(db).allSatisfy(span -> {
            assertThat(span.parentSpanId()).isEqualTo(request.spanId());
            assertThat(span.segment()).isFalse();
            assertThat(span.origin()).isEqualTo("auto.db.jakarta_jdbc");
            assertThat(span.attr("db.system.name")).isEqualTo("h2database");
            assertThat(span.attr("db.namespace")).isEqualTo("streamed");
            assertThat(span.attr("db.collection.name")).isEqualTo("orders");
        });
        assertThat(db.get(0).attr("db.response.affected_rows")).isEqualTo(2L);
        assertThat(sentry.receiver().envelopes()).allSatisfy(envelope -> assertThat(new String(envelope.bytes()))
                .doesNotContain("4111"));
        assertThat(sentry.receiver().rejections()).isEmpty();
    }

    @Test
    void theStaticLifecycleSendsThemAsDbSpansOfTheTransaction() throws SQLException {
        start(TraceLifecycle.STATIC);
        Span request = request("static");
        assertThat(sentry.receiver().await(r -> !r.transactions().isEmpty(), WAIT)).isTrue();
        JsonObject transaction = sentry.receiver().transactions().get(0);
        List<ReceivedSpan> spans = ReceivedSpan.fromTransaction(transaction);
        assertThat(spans.get(0).segment()).isTrue();
        assertThat(spans.subList(1, spans.size())).hasSize(3).allSatisfy(span -> {
            assertThat(span.op()).isEqualTo("db");
            assertThat(span.origin()).isEqualTo("auto.db.jakarta_jdbc");
            assertThat(span.parentSpanId()).isEqualTo(request.spanId());
            assertThat(span.attr("db.system.name")).isEqualTo("h2database");
        }).extracting(ReceivedSpan::name).containsExactly(
                "INSERT INTO orders VALUES (?, ?), (?, ?)",
                "SELECT card FROM orders WHERE id = ?",
                "SELECT card FROM orders WHERE id = ?");
        assertThat(new String(sentry.receiver().envelopes().get(0).bytes())).doesNotContain("4111");
        assertThat(sentry.receiver().rejections()).isEmpty();
    }
}
