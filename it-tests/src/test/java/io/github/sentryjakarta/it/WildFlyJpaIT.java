package io.github.sentryjakarta.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.it.harness.Files2;
import io.github.sentryjakarta.it.harness.Http;
import io.github.sentryjakarta.it.harness.Received;
import io.github.sentryjakarta.it.harness.ServerProcess;
import io.github.sentryjakarta.it.jpa.AbstractDatabaseSpansIT;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Database spans on real WildFly: JPA (WildFly's Hibernate) over a data source declared in the application with
 * {@code jdbc:sentry:h2:mem:…} and {@code io.github.sentryjakarta.jdbc.SentryDataSource} (the server's H2 module
 * behind it). Its own WildFly instance, deploying {@code shop-jpa.war} (stream) and {@code shop-jpa-static.war}
 * (static), built by {@link JpaWar}; the receiver and system properties as in {@link AbstractServerIT}.
 */
class WildFlyJpaIT extends AbstractDatabaseSpansIT {

    private static final Duration DEPLOY = Duration.ofSeconds(240);

    private ServerProcess server;
    private final Http http = new Http(Duration.ofSeconds(30));

    @BeforeAll
    void startServer() throws Exception {
        sentry = SentryReceiver.start();
        Path runDir = Files2.freshRunDir("wildfly-jpa");
        Path shopWar = Files2.requiredPath("it.war");
        Path wars = Files.createDirectories(runDir.resolve("wars"));
        List<Path> deployments = List.of(
                JpaWar.build(shopWar, wars.resolve("shop-jpa.war"), "shop_stream", "stream"),
                JpaWar.build(shopWar, wars.resolve("shop-jpa-static.war"), "shop_static", "static"));
        Map<String, String> properties = Received.systemProperties(sentry);
        properties.put("sentry.traces-sample-rate", "1.0");
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
            assertThat(deadline - System.nanoTime()).as("deployed within %s; log tail:%n%s", DEPLOY, server.tail(80))
                    .isPositive();
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

    @Override
    protected HttpResponse<String> get(String path) throws Exception {
        return send(apiRoot() + path);
    }

    private HttpResponse<String> send(String path) throws Exception {
        return http.get(server.baseUri(), path, Map.of());
    }

    @Override
    protected String apiRoot() {
        return "/shop-jpa/api";
    }

    @Override
    protected String namespace() {
        return "shop_stream";
    }

    @Override
    protected JsonObject staticReportTransaction() throws Exception {
        assertThat(send("/shop-jpa-static/api/customers/report").statusCode()).isEqualTo(200);
        JsonObject transaction = awaitTransaction("GET /shop-jpa-static/api/customers/report");
        assertThat(transaction.getJsonObject("contexts").getJsonObject("trace").getJsonObject("data")
                .getString("url.path")).isEqualTo("/shop-jpa-static/api/customers/report");
        return transaction;
    }

    @Override
    protected String logTail() {
        return server.tail(60);
    }
}
