package io.github.sentryjakarta.it.quarkus;

import static io.github.sentryjakarta.testreceiver.SpanJson.attr;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.testreceiver.SentryReceiver;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Database spans on a real Quarkus application: Hibernate ORM over Agroal with
 * {@code quarkus.datasource.jdbc.url=jdbc:sentry:h2:mem:shop} and the {@code SentryDriver}, JPA work in
 * {@code @SentrySpan} beans called from Quarkus REST resources (blocking, so on a worker thread). A second
 * instance runs with {@code -Dsentry.trace-lifecycle=static}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuarkusJpaIT {

    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Duration SPANS = Duration.ofSeconds(15);
    private static final String CARD = "4111111111111111";

    private SentryReceiver sentry;
    private HttpClient http;
    private QuarkusApp app;

    @BeforeAll
    void startApplication() throws Exception {
        sentry = SentryReceiver.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        app = QuarkusApp.start("quarkus-jpa", properties(), STARTUP);
    }

    private Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("sentry.dsn", sentry.dsn());
        properties.put("sentry.span-buffer.flush-interval-millis", "600000");
        properties.put("sentry.shutdown-timeout-millis", "5000");
        return properties;
    }

    @AfterAll
    void stopApplication() {
        try {
            if (app != null) {
                app.stop(Duration.ofSeconds(30));
            }
        } finally {
            if (sentry != null) {
                sentry.close();
            }
        }
    }

    @Test
    @Order(1)
    void queriesAreChildSpansOfTheBeanSpanWithLiteralsReplaced() throws Exception {
        HttpResponse<String> response = get(app, "/api/customers/1/purchases");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).as("the native query counts every card purchase").isEqualTo("ada spent 30 (3 by card)");

        JsonObject request = awaitRequest("/api/customers/1/purchases");
        assertThat(request.getString("name")).isEqualTo("GET /api/customers/{id}/purchases");
        JsonObject bean = child(request, "CustomerQueries.purchases");
        List<JsonObject> queries = dbChildren(bean);
        assertThat(queries).as("find, JPQL query, native query").hasSizeGreaterThanOrEqualTo(3);
        assertThat(queries).allSatisfy(query -> {
            assertThat(query.getString("status")).isEqualTo("ok");
            assertThat(attr(query, "sentry.origin")).isEqualTo("auto.db.jakarta_jdbc");
            assertThat(attr(query, "db.system.name")).isEqualTo("h2database");
            assertThat(attr(query, "db.namespace")).isEqualTo("shop");
            assertThat(attr(query, "db.operation.name")).isEqualTo("SELECT");
        });
        assertThat(queries).extracting(query -> query.getString("name"))
                .contains("SELECT COUNT(*) FROM purchases WHERE item = ?")
                .anySatisfy(name -> assertThat(name).containsIgnoringCase("from customers").endsWith("=?"))
                .anySatisfy(name -> assertThat(name).containsIgnoringCase("from purchases").endsWith("=?"));
        assertThat(sentry.envelopes()).allSatisfy(envelope ->
                assertThat(new String(envelope.bytes(), StandardCharsets.UTF_8)).doesNotContain(CARD));
    }

    @Test
    @Order(2)
    void anNPlusOneLoopShowsAsRepeatedIdenticalSiblingSpans() throws Exception {
        HttpResponse<String> response = get(app, "/api/customers/report");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ada=30;grace=70;linus=110;");

        JsonObject bean = child(awaitRequest("/api/customers/report"), "CustomerQueries.report");
        List<String> names = dbChildren(bean).stream().map(query -> query.getString("name")).toList();
        assertThat(names).hasSize(4);
        assertThat(names.get(0)).containsIgnoringCase("from customers");
        assertThat(names.subList(1, 4)).as("one identical query per customer").containsOnly(names.get(1))
                .allSatisfy(name -> assertThat(name).containsIgnoringCase("from purchases").endsWith("=?"));
    }

    @Test
    @Order(3)
    void aQueryTheDatabaseRefusesIsAnErrorSpan() throws Exception {
        assertThat(get(app, "/api/customers/broken").statusCode()).isEqualTo(500);
        JsonObject request = awaitRequest("/api/customers/broken");
        JsonObject query = dbChildren(child(request, "CustomerQueries.broken")).get(0);
        assertThat(query.getString("name")).isEqualTo("SELECT * FROM missing_table");
        assertThat(query.getString("status")).isEqualTo("error");
        assertThat(attr(query, "error.type")).startsWith("org.h2.jdbc.");
    }

    @Test
    @Order(4)
    void startUpQueriesMakeNoSpansAndEveryQueryHasItsRequest() {
        List<JsonObject> queries = sentry.spans().stream().filter(s -> "db".equals(attr(s, "sentry.op"))).toList();
        assertThat(queries).isNotEmpty().allSatisfy(query -> {
            assertThat(query.getBoolean("is_segment")).isFalse();
            assertThat(sentry.spans()).anySatisfy(request -> {
                assertThat(request.getString("trace_id")).isEqualTo(query.getString("trace_id"));
                assertThat(attr(request, "sentry.op")).isEqualTo("http.server");
            });
        });
        assertThat(queries).extracting(query -> query.getString("name"))
                .noneSatisfy(name -> assertThat(name).containsIgnoringCase("insert"))
                .noneSatisfy(name -> assertThat(name).containsIgnoringCase("create table"));
        assertThat(sentry.rejections()).isEmpty();
    }

    @Test
    @Order(5)
    void theStaticLifecycleSendsTheQueriesAsDbSpansOfTheTransaction() throws Exception {
        Map<String, String> properties = properties();
        properties.put("sentry.trace-lifecycle", "static");
        QuarkusApp staticApp = QuarkusApp.start("quarkus-jpa-static", properties, STARTUP);
        try {
            assertThat(get(staticApp, "/api/customers/report").statusCode()).isEqualTo(200);
            assertThat(sentry.await(r -> !r.transactions().isEmpty(), SPANS)).isTrue();
        } finally {
            staticApp.stop(Duration.ofSeconds(30));
        }
        JsonObject transaction = sentry.transactions().get(0);
        assertThat(transaction.getString("transaction")).isEqualTo("GET /api/customers/report");
        List<JsonObject> spans = transaction.getJsonArray("spans").getValuesAs(JsonObject.class);
        JsonObject bean = spans.stream().filter(s -> "CustomerQueries.report".equals(s.getString("description")))
                .findFirst().orElseThrow();
        List<JsonObject> queries = spans.stream().filter(s -> "db".equals(s.getString("op"))).toList();
        assertThat(queries).hasSize(4).allSatisfy(query -> {
            assertThat(query.getString("parent_span_id")).isEqualTo(bean.getString("span_id"));
            assertThat(query.getString("origin")).isEqualTo("auto.db.jakarta_jdbc");
        });
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private HttpResponse<String> get(QuarkusApp target, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(target.baseUri().resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject awaitRequest(String path) {
        return await(span -> path.equals(attr(span, "url.path")) && "http.server".equals(attr(span, "sentry.op")));
    }

    private JsonObject child(JsonObject parent, String name) {
        return await(span -> name.equals(span.getString("name"))
                && parent.getString("span_id").equals(span.getString("parent_span_id", null)));
    }

    /** The db spans under {@code parent}, in the order they started. */
    private List<JsonObject> dbChildren(JsonObject parent) {
        return sentry.spans().stream()
                .filter(span -> parent.getString("span_id").equals(span.getString("parent_span_id", null)))
                .filter(span -> "db".equals(attr(span, "sentry.op")))
                .sorted(Comparator.comparing(span -> span.getJsonNumber("start_timestamp").bigDecimalValue()))
                .toList();
    }

    private JsonObject await(Predicate<JsonObject> match) {
        boolean found = sentry.await(r -> r.spans().stream().anyMatch(match), SPANS);
        assertThat(found).as("span within %s; received: %s; log tail:%n%s", SPANS,
                sentry.spans().stream().map(s -> s.getString("name")).toList(), app.tail(60)).isTrue();
        return sentry.spans().stream().filter(match).findFirst().orElseThrow();
    }
}
