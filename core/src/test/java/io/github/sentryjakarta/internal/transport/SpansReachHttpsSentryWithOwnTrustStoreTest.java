package io.github.sentryjakarta.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.internal.engine.RuntimeAssembler;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.testing.HttpsEndpoint;
import io.github.sentryjakarta.testing.SelfSignedKeyStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ConnectHandler;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transport's path to sentry.io: HTTPS, HTTP/1.1 chosen by ALPN from a server that also offers HTTP/2,
 * connections kept alive and probed between requests, the server's name verified, through an HTTP proxy's
 * tunnel when one is configured, at an internet round trip. The endpoint's self-signed certificate is trusted
 * through {@code javax.net.ssl.trustStore}, as a JVM trusts the private CA of a self-hosted Sentry. Runs in a
 * JVM of its own (the surefire execution {@code own-trust-store}): the JDK reads those properties once, when the
 * first default TLS context is made, which another test may have done before.
 */
class SpansReachHttpsSentryWithOwnTrustStoreTest {

    private static final int TRACES = 300;
    private static final int SPANS_PER_TRACE = 6;
    private static final Duration ROUND_TRIP = Duration.ofMillis(100);

    private static SelfSignedKeyStore keys;

    @BeforeAll
    static void trustTheEndpointsCertificate() throws Exception {
        keys = SelfSignedKeyStore.trustedByThisJvm();
    }

    private static SentryRuntime start(String dsn) {
        return RuntimeAssembler.start(SentryOptions.builder().dsn(dsn)
                .tracesSampleRate(1.0).traceLifecycle(TraceLifecycle.STREAM).build());
    }

    private static void trace(SentryRuntime runtime, int i) {
        try (Span request = runtime.startSpan("GET /orders/" + i)) {
            for (int child = 1; child < SPANS_PER_TRACE; child++) {
                try (Span step = runtime.startSpan("step " + child)) {
                    step.setAttribute("order.id", i);
                }
            }
        }
    }

    @Test
    void aBurstAtAnInternetRoundTripArrivesOverHttp11OnReusedConnections() throws Exception {
        try (HttpsEndpoint sentry = new HttpsEndpoint(keys, ROUND_TRIP)) {
            SentryRuntime runtime = start(sentry.dsn());
            long begin = System.nanoTime();
            try {
                for (int i = 0; i < TRACES; i++) {
                    trace(runtime, i);
                }
                assertThat(runtime.flush(Duration.ofSeconds(60))).as("flushed").isTrue();
            } finally {
                runtime.close(Duration.ofSeconds(5));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - begin);

            assertThat(sentry.refused()).as("requests refused").isZero();
            assertThat(sentry.spans()).isEqualTo((long) TRACES * SPANS_PER_TRACE);
            assertThat(sentry.versions()).as("offered h2 and http/1.1").containsExactly("HTTP/1.1");
            // At most max-requests (128) at once, each reused once answered. Over the run there may be a few more: a
            // connection whose probe read the first byte of a TLS record arriving just then is given up and replaced.
            assertThat(sentry.connections()).as("connections for %d envelopes", TRACES).isLessThan(TRACES / 2);
            // One envelope at a time would take TRACES round trips: 30 s.
            assertThat(took).as("delivery of %d traces at a %d ms round trip", TRACES, ROUND_TRIP.toMillis())
                    .isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void tracesOneAfterAnotherShareOneTlsConnection() throws Exception {
        try (HttpsEndpoint sentry = new HttpsEndpoint(keys, Duration.ZERO)) {
            SentryRuntime runtime = start(sentry.dsn());
            try {
                for (int i = 0; i < 20; i++) {
                    trace(runtime, i);
                    assertThat(runtime.flush(Duration.ofSeconds(10))).as("flushed trace %d", i).isTrue();
                }
            } finally {
                runtime.close(Duration.ofSeconds(5));
            }

            assertThat(sentry.spans()).isEqualTo(20L * SPANS_PER_TRACE);
            // Each request found the last one's connection idle, probed it (past the TLS 1.3 session tickets the
            // server sent after the handshake) and used it: one handshake in all.
            assertThat(sentry.connections()).isEqualTo(1);
        }
    }

    @Test
    void throughAnHttpProxyTheRequestsGoInItsTunnel() throws Exception {
        ProxySelector before = ProxySelector.getDefault();
        try (HttpsEndpoint sentry = new HttpsEndpoint(keys, Duration.ZERO); TunnelProxy proxy = new TunnelProxy()) {
            ProxySelector.setDefault(proxy.selector());
            SentryRuntime runtime = start(sentry.dsn());
            try {
                for (int i = 0; i < 20; i++) {
                    trace(runtime, i);
                }
                assertThat(runtime.flush(Duration.ofSeconds(20))).as("flushed").isTrue();
            } finally {
                runtime.close(Duration.ofSeconds(5));
            }

            assertThat(sentry.spans()).isEqualTo(20L * SPANS_PER_TRACE);
            assertThat(proxy.tunnelsTo()).containsExactly(URI.create(sentry.dsn()).getHost() + ":"
                    + URI.create(sentry.dsn()).getPort());
        } finally {
            ProxySelector.setDefault(before);
        }
    }

    @Test
    void aCertificateForAnotherNameIsRefusedAndCounted() throws Exception {
        try (HttpsEndpoint sentry = new HttpsEndpoint(keys, Duration.ZERO)) {
            // Trusted, but made out to 127.0.0.1, not to localhost: a man in the middle with a trusted certificate.
            SentryRuntime runtime = start(sentry.dsn().replace("@127.0.0.1:", "@localhost:"));
            try {
                trace(runtime, 0);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (runtime.clientReports().total(DiscardReason.NETWORK_ERROR, DataCategory.SPAN) == 0
                        && System.nanoTime() < deadline) {
                    runtime.flush(Duration.ofMillis(200));
                }
                assertThat(runtime.clientReports().total(DiscardReason.NETWORK_ERROR, DataCategory.SPAN))
                        .isEqualTo(SPANS_PER_TRACE);
            } finally {
                runtime.close(Duration.ofSeconds(2));
            }

            assertThat(sentry.connections()).as("requests that reached the endpoint").isZero();
            assertThat(sentry.spans()).isZero();
        }
    }

    /** An HTTP proxy on 127.0.0.1 that opens CONNECT tunnels (Jetty's) and records where to. */
    private static final class TunnelProxy implements AutoCloseable {
        private final Server server = new Server();
        private final ServerConnector connector = new ServerConnector(server);
        private final Set<String> tunnelsTo = ConcurrentHashMap.newKeySet();

        TunnelProxy() throws Exception {
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            server.setHandler(new ConnectHandler() {
                @Override
                protected void handleConnect(Request request, Response response, Callback callback, String address) {
                    tunnelsTo.add(address);
                    super.handleConnect(request, response, callback, address);
                }
            });
            server.start();
        }

        ProxySelector selector() {
            Proxy proxy = new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", connector.getLocalPort()));
            return new ProxySelector() {
                @Override
                public List<Proxy> select(URI uri) {
                    return List.of(proxy);
                }

                @Override
                public void connectFailed(URI uri, SocketAddress address, IOException e) {
                }
            };
        }

        Set<String> tunnelsTo() {
            return tunnelsTo;
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }
}
