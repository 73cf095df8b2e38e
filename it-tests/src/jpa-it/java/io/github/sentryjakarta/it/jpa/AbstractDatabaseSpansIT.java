package io.github.sentryjakarta.it.jpa;

import static io.github.sentryjakarta.testreceiver.SpanJson.attr;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.testreceiver.SentryReceiver;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The database-span checks run against the JPA application ({@link CustomersResource}) on each runtime
 * (WildFlyJpaIT, QuarkusJpaIT): query spans under the {@code @SentrySpan} bean span under the request span, literals
 * replaced, an N+1 loop, a refused query, nothing from start-up, and the static lifecycle. Subclasses start the
 * application with {@link #sentry} as its Sentry and say how to reach it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class AbstractDatabaseSpansIT {

    protected static final Duration SPANS = Duration.ofSeconds(15);
    private static final String CARD = "4111111111111111";

    protected SentryReceiver sentry;

    /** @return the response of the stream-lifecycle application to {@code GET <apiRoot><path>} */
    protected abstract HttpResponse<String> get(String path) throws Exception;

    /** @return the request path of the application's {@code /api}, e.g. {@code /shop-jpa/api} */
    protected abstract String apiRoot();

    /** @return the database name in the data source's URL */
    protected abstract String namespace();

    /** Asks the static-lifecycle application for {@code /customers/report}. @return the transaction sent for it */
    protected abstract JsonObject staticReportTransaction() throws Exception;

    /** @return the end of the application's log, for failure messages */
    protected abstract String logTail();

    @Test
    @Order(1)
    void queriesAreChildSpansOfTheBeanSpanWithLiteralsReplaced() throws Exception {
        HttpResponse<String> response = get("/customers/1/purchases");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).as("the native query counts every card purchase").isEqualTo("ada spent 30 (3 by card)");

        JsonObject request = awaitRequest("/customers/1/purchases");
        assertThat(request.getString("name")).isEqualTo("GET " + apiRoot() + "/customers/{id}/purchases");
        List<JsonObject> queries = dbChildren(child(request, "CustomerQueries.purchases"));
        assertThat(queries).as("find, JPQL query, native query").hasSizeGreaterThanOrEqualTo(3);
        assertThat(queries).allSatisfy(query -> {
            assertThat(query.getString("status")).isEqualTo("ok");
            assertThat(attr(query, "sentry.origin")).isEqualTo("auto.db.jakarta_jdbc");
            assertThat(attr(query, "db.system.name")).isEqualTo("h2database");
            assertThat(attr(query, "db.namespace")).isEqualTo(namespace());
            assertThat(attr(query, "db.operation.name")).isEqualTo("SELECT");
            assertThat(attr(query, "db.query.text")).isEqualTo(query.getString("name"));
        });
        assertThat(queries).extracting(query -> query.getString("name"))
                .contains("SELECT COUNT(*) FROM purchases WHERE item = ?")
                .anySatisfy(name -> assertThat(name).containsIgnoringCase("from customers").endsWith("=?"))
                .anySatisfy(name -> assertThat(name).containsIgnoringCase("from purchases").endsWith("=?"));
        assertThat(queries).extracting(query -> attr(query, "db.collection.name")).contains("customers", "purchases");
        assertThat(sentry.envelopes()).allSatisfy(envelope ->
                assertThat(new String(envelope.bytes(), StandardCharsets.UTF_8)).doesNotContain(CARD));
    }

    @Test
    @Order(2)
    void anNPlusOneLoopShowsAsRepeatedIdenticalSiblingSpans() throws Exception {
        HttpResponse<String> response = get("/customers/report");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ada=30;grace=70;linus=110;");

        JsonObject bean = child(awaitRequest("/customers/report"), "CustomerQueries.report");
        List<String> names = dbChildren(bean).stream().map(query -> query.getString("name")).toList();
        assertThat(names).hasSize(4);
        assertThat(names.get(0)).containsIgnoringCase("from customers");
        assertThat(names.subList(1, 4)).as("one identical query per customer").containsOnly(names.get(1))
                .allSatisfy(name -> assertThat(name).containsIgnoringCase("from purchases").endsWith("=?"));
    }

    @Test
    @Order(3)
    void aQueryTheDatabaseRefusesIsAnErrorSpan() throws Exception {
        assertThat(get("/customers/broken").statusCode()).isEqualTo(500);
        JsonObject request = awaitRequest("/customers/broken");
        List<JsonObject> queries = dbChildren(child(request, "CustomerQueries.broken"));
        assertThat(queries).hasSize(1);
        JsonObject query = queries.get(0);
        assertThat(query.getString("name")).isEqualTo("SELECT * FROM missing_table");
        assertThat(query.getString("status")).isEqualTo("error");
        assertThat(attr(query, "error.type")).startsWith("org.h2.jdbc.");
        assertThat(attr(query, "db.response.status_code")).isEqualTo("42S02");
    }

    @Test
    @Order(4)
    void startUpQueriesMakeNoSpansAndEveryQueryHasItsRequest() {
        // Hibernate created the tables and ran the load script at start-up, with no span current: nothing sent.
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
        JsonObject transaction = staticReportTransaction();
        List<JsonObject> spans = transaction.getJsonArray("spans").getValuesAs(JsonObject.class);
        JsonObject bean = spans.stream().filter(s -> "CustomerQueries.report".equals(s.getString("description")))
                .findFirst().orElseThrow();
        List<JsonObject> queries = spans.stream().filter(s -> "db".equals(s.getString("op"))).toList();
        assertThat(queries).hasSize(4).allSatisfy(query -> {
            assertThat(query.getString("parent_span_id")).isEqualTo(bean.getString("span_id"));
            assertThat(query.getString("origin")).isEqualTo("auto.db.jakarta_jdbc");
            assertThat(query.getJsonObject("data").getString("db.system.name")).isEqualTo("h2database");
        });
        assertThat(queries.subList(1, 4)).extracting(query -> query.getString("description"))
                .containsOnly(queries.get(1).getString("description"));
    }

    /** @return the transaction named {@code name}, waiting for it */
    protected JsonObject awaitTransaction(String name) {
        boolean sent = sentry.await(r -> r.transactions().stream().anyMatch(t -> name.equals(t.getString("transaction"))),
                SPANS);
        assertThat(sent).as("transaction %s; received: %s", name, sentry.transactions()).isTrue();
        return sentry.transactions().stream().filter(t -> name.equals(t.getString("transaction"))).findFirst().orElseThrow();
    }

    private JsonObject awaitRequest(String path) {
        String fullPath = apiRoot() + path;
        return await(span -> fullPath.equals(attr(span, "url.path")) && "http.server".equals(attr(span, "sentry.op")));
    }

    private JsonObject child(JsonObject parent, String name) {
        return await(span -> name.equals(span.getString("name"))
                && parent.getString("span_id").equals(span.getString("parent_span_id", null)));
    }

    /** The db spans under {@code parent}, in the order they started (the receiver's order is the order they ended). */
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
                sentry.spans().stream().map(s -> s.getString("name")).toList(), logTail()).isTrue();
        return sentry.spans().stream().filter(match).findFirst().orElseThrow();
    }
}
