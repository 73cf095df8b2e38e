package io.github.sentryjakarta.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * The whole zero-code path: MicroProfile Config (system properties) configures the library through its CDI
 * extension when Weld starts, and Jersey finds the filters by itself. No test code installs a runtime.
 */
class JerseyMicroProfileConfigTest {

    @Test
    void theLibraryConfiguredByMicroProfileConfigTracesRequestsWithoutAnyCode() throws Exception {
        try (SentryReceiver receiver = SentryReceiver.start()) {
            Map<String, String> properties = Map.of("sentry.dsn", receiver.dsn(), "sentry.trace-lifecycle", "stream",
                    "sentry.traces-sample-rate", "1.0", "sentry.jaxrs.ignore-paths", "/orders/skip-me");
            properties.forEach(System::setProperty);
            // Another test of this JVM may have built the Config already, before these properties existed.
            ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
            WeldContainer weld = new Weld("mp-config-test").initialize();
            try (TestServer server = JerseyServerTest.grizzly()) {
                assertThat(SentryRuntime.current().isActive()).isTrue();
                HttpClient http = HttpClient.newHttpClient();
                for (String id : new String[] {"skip-me", "mp-42"}) {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(server.origin() + server.base() + "/orders/" + id)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(200);
                }
                assertThat(receiver.awaitSpans(1, Duration.ofSeconds(15))).isTrue();
                assertThat(receiver.receivedSpans()).singleElement().satisfies(span -> {
                    assertThat(span.name()).isEqualTo("GET /j/orders/{id}");
                    assertThat(span.attr("url.path")).isEqualTo("/j/orders/mp-42");
                });
            } finally {
                weld.shutdown();
                properties.keySet().forEach(System::clearProperty);
                ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
            }
        }
    }
}
