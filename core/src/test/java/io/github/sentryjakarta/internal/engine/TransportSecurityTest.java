package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.testreceiver.Behavior;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import io.github.sentryjakarta.testing.SelfSignedKeyStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the library sends and logs stays safe whatever the endpoint does: the DSN's secret key never reaches a log
 * line (start, every kind of send failure with {@code sentry.debug}, shutdown), and an HTTPS endpoint whose
 * certificate the JVM does not trust is refused, its envelopes counted as dropped, never sent in clear or without
 * verification.
 */
class TransportSecurityTest {

    private static final String SECRET = "s3cr3tDsnKey0042";

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger library = Logger.getLogger("io.github.sentryjakarta");
    private Level previousLevel;
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (record.getParameters() != null) {
                message = message + " " + List.of(record.getParameters());
            }
            lines.add(record.getLoggerName() + " " + record.getLevel() + " " + message
                    + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureTheLibrarysLog() {
        previousLevel = library.getLevel();
        library.setLevel(Level.ALL);
        library.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        library.removeHandler(capture);
        library.setLevel(previousLevel);
    }

    @Test
    void theDsnSecretIsInNoLogLineAcrossStartFailuresAndShutdown() {
        try (SentryReceiver receiver = SentryReceiver.start()) {
            String dsn = receiver.dsn().replace("publickey@", "publickey:" + SECRET + "@");
            SentryRuntime runtime = RuntimeAssembler.start(SentryOptions.builder().dsn(dsn).debug(true)
                    .tracesSampleRate(1.0).traceLifecycle(TraceLifecycle.STREAM).build());
            try {
                for (Behavior failure : List.of(Behavior.status(500), Behavior.status(413), Behavior.resetConnection(),
                        Behavior.status(302, java.util.Map.of("Location", dsn)), Behavior.accept())) {
                    receiver.respondWith(failure);
                    int before = receiver.requestCount();
                    try (Span span = runtime.startSpan("with secret around")) {
                        span.setAttribute("k", "v");
                    }
                    runtime.flush(Duration.ofSeconds(10));
                    assertThat(receiver.await(r -> r.requestCount() > before, Duration.ofSeconds(20))).isTrue();
                }
                receiver.down();
                try (Span span = runtime.startSpan("while down")) {
                    span.setAttribute("k", "v");
                }
                runtime.flush(Duration.ofSeconds(2));
            } finally {
                runtime.close(Duration.ofSeconds(2));
            }
        }
        assertThat(lines).as("the library logged something at all").isNotEmpty();
        assertThat(lines).noneMatch(line -> line.contains(SECRET));
    }

    @Test
    void anHttpsEndpointWithAnUntrustedCertificateIsRefusedAndCounted(@TempDir Path dir) throws Exception {
        SSLContext server = SelfSignedKeyStore.create(dir).serverContext();
        AtomicInteger handshakesFailed = new AtomicInteger();
        AtomicInteger requestsRead = new AtomicInteger();
        try (SSLServerSocket socket = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (SSLSocket client = (SSLSocket) socket.accept()) {
                        try {
                            client.startHandshake();
                            InputStream in = client.getInputStream();
                            if (in.read() >= 0) {
                                requestsRead.incrementAndGet();
                            }
                        } catch (IOException e) {
                            handshakesFailed.incrementAndGet();
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "tls-endpoint");
            acceptor.setDaemon(true);
            acceptor.start();
            SentryRuntime runtime = RuntimeAssembler.start(SentryOptions.builder()
                    .dsn("https://publickey@127.0.0.1:" + socket.getLocalPort() + "/42")
                    .tracesSampleRate(1.0).traceLifecycle(TraceLifecycle.STREAM).build());
            ClientReports reports = runtime.clientReports();
            try {
                try (Span span = runtime.startSpan("over tls")) {
                    span.setAttribute("k", "v");
                }
                runtime.flush(Duration.ofSeconds(5));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (reports.total(DiscardReason.NETWORK_ERROR, DataCategory.SPAN) == 0
                        && System.nanoTime() < deadline) {
                    runtime.flush(Duration.ofMillis(200));
                }
            } finally {
                runtime.close(Duration.ofSeconds(2));
            }
            assertThat(handshakesFailed.get()).as("the client refused the untrusted certificate").isPositive();
            assertThat(requestsRead.get()).as("no envelope went over an unverified connection").isZero();
            assertThat(reports.total(DiscardReason.NETWORK_ERROR, DataCategory.SPAN)).isEqualTo(1);
        }
    }
}
