package io.github.sentryjakarta.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.internal.engine.RuntimeAssembler;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.testing.Http2Endpoint;
import io.github.sentryjakarta.testing.SelfSignedKeyStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport's path to sentry.io, which no other test takes: HTTPS through the JDK's client, HTTP/2 chosen by
 * ALPN, many envelopes in flight on one connection, at an internet round trip. The endpoint's self-signed
 * certificate is trusted through {@code javax.net.ssl.trustStore}, as a JVM trusts the private CA of a
 * self-hosted Sentry. Runs in a JVM of its own (the surefire execution {@code own-trust-store}): the JDK reads
 * those properties once, when the first default TLS context is made, which another test may have done before.
 */
class SpansReachHttpsSentryOverHttp2WithOwnTrustStoreTest {

    private static final int TRACES = 300;
    private static final int SPANS_PER_TRACE = 6;
    private static final Duration ROUND_TRIP = Duration.ofMillis(100);

    @TempDir
    static Path dir;
    private static SelfSignedKeyStore keys;

    @BeforeAll
    static void trustTheEndpointsCertificate() throws Exception {
        keys = SelfSignedKeyStore.create(dir);
        System.setProperty("javax.net.ssl.trustStore", keys.path().toString());
        System.setProperty("javax.net.ssl.trustStorePassword", SelfSignedKeyStore.PASSWORD);
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }

    /** Sends {@value #TRACES} traces of {@value #SPANS_PER_TRACE} spans; @return how long until all were answered */
    private static Duration deliver(Http2Endpoint sentry) {
        SentryRuntime runtime = RuntimeAssembler.start(SentryOptions.builder().dsn(sentry.dsn())
                .tracesSampleRate(1.0).traceLifecycle(TraceLifecycle.STREAM).build());
        long start = System.nanoTime();
        try {
            for (int i = 0; i < TRACES; i++) {
                try (Span request = runtime.startSpan("GET /orders/" + i)) {
                    for (int child = 1; child < SPANS_PER_TRACE; child++) {
                        try (Span step = runtime.startSpan("step " + child)) {
                            step.setAttribute("order.id", i);
                        }
                    }
                }
            }
            assertThat(runtime.flush(Duration.ofSeconds(60))).as("flushed").isTrue();
            return Duration.ofNanos(System.nanoTime() - start);
        } finally {
            runtime.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void aBurstOfEnvelopesSharesTheOneConnectionTheFirstRequestOpened() throws Exception {
        try (Http2Endpoint sentry = new Http2Endpoint(keys, ROUND_TRIP, 128)) {
            Duration took = deliver(sentry);

            assertThat(sentry.refused()).as("requests refused").isZero();
            assertThat(sentry.spans()).isEqualTo((long) TRACES * SPANS_PER_TRACE);
            assertThat(sentry.versions()).containsExactly("HTTP/2.0");
            // Every request started before the first connection was up opened one of its own: 128 TLS handshakes.
            assertThat(sentry.connections()).as("connections for %d envelopes", TRACES).isEqualTo(1);
            // One envelope at a time would take TRACES round trips: 30 s.
            assertThat(took).as("delivery of %d traces at a %d ms round trip", TRACES, ROUND_TRIP.toMillis())
                    .isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void aServerThatAllowsFewStreamsStillGetsEverySpan() throws Exception {
        try (Http2Endpoint sentry = new Http2Endpoint(keys, ROUND_TRIP, 16)) {
            Duration took = deliver(sentry);

            assertThat(sentry.refused()).as("requests refused").isZero();
            assertThat(sentry.spans()).isEqualTo((long) TRACES * SPANS_PER_TRACE);
            assertThat(sentry.connections()).as("connections for %d envelopes", TRACES).isLessThanOrEqualTo(8);
            assertThat(took).as("delivery of %d traces at a %d ms round trip", TRACES, ROUND_TRIP.toMillis())
                    .isLessThan(Duration.ofSeconds(15));
        }
    }
}
