package io.github.sentryjakarta.it;

import static io.github.sentryjakarta.testreceiver.SpanJson.attr;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.testreceiver.SentryReceiver;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
 * Database spans on real WildFly: JPA (WildFly's Hibernate) over a data source declared in the application with
 * {@code jdbc:sentry:h2:mem:…} and {@code io.github.sentryjakarta.jdbc.SentryDriver} (the server's H2 module
 * behind it), in {@code @SentrySpan} beans called from JAX-RS resources. Its own WildFly instance, deploying
 * {@code shop-jpa.war} (stream) and {@code shop-jpa-static.war} (static), built by {@link JpaWar}; the receiver
 * and system properties as in {@link AbstractServerIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WildFlyJpaIT {

    private static final Duration SPANS = Duration.ofSeconds(15);
    private static final Duration DEPLOY = Duration.ofSeconds(240);
    private static final String CARD = "4111111111111111";

    private SentryReceiver sentry;
    private ServerProcess server;
    private HttpClient http;

    @BeforeAll
    void startServer() throws Exception {
        sentry = SentryReceiver.start();
        Path runDir = Files2.freshRunDir("wildfly-jpa");
        Path shopWar = Files2.requiredPath("it.war");
        Path wars = Files.createDirectories(runDir.resolve("wars"));
        List<Path> deployments = List.of(
                JpaWar.build(shopWar, wars.resolve("shop-jpa.war"), "shop_stream", "stream"),
                JpaWar.build(shopWar, wars.resolve("shop-jpa-static.war"), "shop_static", "static"));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("sentry.dsn", sentry.dsn());
        properties.put("sentry.traces-sample-rate", "1.0");
        properties.put("sentry.span-buffer.flush-interval-millis", "600000");
        properties.put("sentry.shutdown-timeout-millis", "5000");
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        // Started empty, then the WARs are dropped into the scanned deployments folder: deploying Hibernate twice on
        // a loaded machine can take longer than the server's own start-up bound.
        server = new WildFlyIT().start(runDir, properties, List.of());
        Path scanned = runDir.resolve("standalone/deployments");
        for (Path war : deployments) {
            Files.move(war, scanned.resolve(war.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        awaitDeployed(scanned, deployments);
    }

    private void awaitDeployed(Path scanned, List<Path> wars) throws InterruptedException {
        long deadline = System.nanoTime() + DEPLOY.toNanos();
        while (!wars.stream().allMatch(war -> Files.exists(scanned.resolve(war.getFileName() + ".deployed")))) {
            boolean failed = wars.stream().anyMatch(war -> Files.exists(scanned.resolve(war.getFileName() + ".failed")));
            assertThat(failed).as("deployment failed; log tail:%n%s", server.tail(80)).isFalse();
            assertThat(System.nanoTime()).as("deployed within %s; log tail:%n%s", DEPLOY, server.tail(80)).isLessThan(deadline);
            Thread.sleep(200); // polling the scanner's marker files, bounded by the deadline above
        }
    }

    @AfterAll
    void stopServer() {
        try {
            if (server != null) {
                server.stop(AbstractServerIT.STOP);
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
        HttpResponse<String> response = get("/shop-jpa/api/customers/1/purchases");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).as("the native query counts every card purchase").isEqualTo("ada spent 30 (3 by card)");

        JsonObject request = awaitRequest("/shop-jpa/api/customers/1/purchases");
        assertThat(request.getString("name")).isEqualTo("GET /shop-jpa/api/customers/{id}/purchases");
        JsonObject bean = child(request, "CustomerQueries.purchases");
        List<JsonObject> queries = dbChildren(bean);
        assertThat(queries).as("find, JPQL query, native query").hasSizeGreaterThanOrEqualTo(3);
        assertThat(queries).allSatisfy(query -> {
            assertThat(query.getString("status")).isEqualTo("ok");
            assertThat(attr(query, "sentry.origin")).isEqualTo("auto.db.jakarta_jdbc");
            assertThat(attr(query, "db.system.name")).isEqualTo("h2database");
            assertThat(attr(query, "db.namespace")).isEqualTo("shop_stream");
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
        HttpResponse<String> response = get("/shop-jpa/api/customers/report");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ada=30;grace=70;linus=110;");

        JsonObject bean = child(awaitRequest("/shop-jpa/api/customers/report"), "CustomerQueries.report");
        List<String> names = dbChildren(bean).stream().map(query -> query.getString("name")).toList();
        assertThat(names).hasSize(4);
        assertThat(names.get(0)).containsIgnoringCase("from customers");
        assertThat(names.subList(1, 4)).as("one identical query per customer").containsOnly(names.get(1))
                .allSatisfy(name -> assertThat(name).containsIgnoringCase("from purchases").endsWith("=?"));
    }

    @Test
    @Order(3)
    void aQueryTheDatabaseRefusesIsAnErrorSpan() throws Exception {
        assertThat(get("/shop-jpa/api/customers/broken").statusCode()).isEqualTo(500);
        JsonObject request = awaitRequest("/shop-jpa/api/customers/broken");
        assertThat(request.getString("status")).isEqualTo("error");
        JsonObject query = dbChildren(child(request, "CustomerQueries.broken")).get(0);
        assertThat(query.getString("name")).isEqualTo("SELECT * FROM missing_table");
        assertThat(query.getString("status")).isEqualTo("error");
        assertThat(attr(query, "error.type")).startsWith("org.h2.jdbc.");
        assertThat(attr(query, "db.response.status_code")).isEqualTo("42S02");
    }

    @Test
    @Order(4)
    void theStaticLifecycleSendsTheQueriesAsDbSpansOfTheTransaction() throws Exception {
        assertThat(get("/shop-jpa-static/api/customers/report").statusCode()).isEqualTo(200);
        boolean sent = sentry.await(r -> r.transactions().stream()
                .anyMatch(t -> "GET /shop-jpa-static/api/customers/report".equals(t.getString("transaction"))), SPANS);
        assertThat(sent).as("transactions: %s", sentry.transactions()).isTrue();
        JsonObject transaction = sentry.transactions().stream()
                .filter(t -> "GET /shop-jpa-static/api/customers/report".equals(t.getString("transaction"))).findFirst()
                .orElseThrow();
        List<JsonObject> spans = transaction.getJsonArray("spans").getValuesAs(JsonObject.class);
        JsonObject bean = spans.stream().filter(s -> "CustomerQueries.report".equals(s.getString("description")))
                .findFirst().orElseThrow();
        List<JsonObject> queries = spans.stream().filter(s -> "db".equals(s.getString("op"))).toList();
        assertThat(queries).hasSize(4).allSatisfy(query -> {
            assertThat(query.getString("parent_span_id")).isEqualTo(bean.getString("span_id"));
            assertThat(query.getString("origin")).isEqualTo("auto.db.jakarta_jdbc");
            assertThat(query.getJsonObject("data").getString("db.namespace")).isEqualTo("shop_static");
        });
        assertThat(queries.subList(1, 4)).extracting(query -> query.getString("description"))
                .containsOnly(queries.get(1).getString("description"));
    }

    @Test
    @Order(5)
    void startUpQueriesMakeNoSpansAndEveryQueryHasItsRequest() {
        // Hibernate created the tables and ran the load script at deployment, with no span current: nothing sent.
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

    // ------------------------------------------------------------------------------------------------ helpers

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUri().resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject awaitRequest(String path) {
        return await(span -> path.equals(attr(span, "url.path")) && "http.server".equals(attr(span, "sentry.op")));
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
                .sorted(java.util.Comparator.comparing(span -> span.getJsonNumber("start_timestamp").bigDecimalValue()))
                .toList();
    }

    private JsonObject await(Predicate<JsonObject> match) {
        boolean found = sentry.await(r -> r.spans().stream().anyMatch(match), SPANS);
        assertThat(found).as("span within %s; received: %s; log tail:%n%s", SPANS,
                sentry.spans().stream().map(s -> s.getString("name")).toList(), server.tail(60)).isTrue();
        return sentry.spans().stream().filter(match).findFirst().orElseThrow();
    }
}
