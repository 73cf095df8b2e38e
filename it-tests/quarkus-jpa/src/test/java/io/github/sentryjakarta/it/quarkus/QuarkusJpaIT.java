package io.github.sentryjakarta.it.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.it.jpa.AbstractDatabaseSpansIT;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Database spans on a real Quarkus application: Hibernate ORM over Agroal with
 * {@code quarkus.datasource.jdbc.url=jdbc:sentry:h2:mem:shop} and the {@code SentryDriver}, the JPA work in
 * {@code @SentrySpan} beans called from Quarkus REST resources (blocking, so on a worker thread). A second
 * instance runs with {@code -Dsentry.trace-lifecycle=static}.
 */
class QuarkusJpaIT extends AbstractDatabaseSpansIT {

    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Duration STOP = Duration.ofSeconds(30);

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
                app.stop(STOP);
            }
        } finally {
            if (sentry != null) {
                sentry.close();
            }
        }
    }

    @Override
    protected HttpResponse<String> get(String path) throws Exception {
        return get(app, apiRoot() + path);
    }

    private HttpResponse<String> get(QuarkusApp target, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(target.baseUri().resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    protected String apiRoot() {
        return "/api";
    }

    @Override
    protected String namespace() {
        return "shop";
    }

    @Override
    protected JsonObject staticReportTransaction() throws Exception {
        Map<String, String> properties = properties();
        properties.put("sentry.trace-lifecycle", "static");
        QuarkusApp staticApp = QuarkusApp.start("quarkus-jpa-static", properties, STARTUP);
        try {
            assertThat(get(staticApp, "/api/customers/report").statusCode()).isEqualTo(200);
            return awaitTransaction("GET /api/customers/report");
        } finally {
            staticApp.stop(STOP);
        }
    }

    @Override
    protected String logTail() {
        return app.tail(60);
    }
}
