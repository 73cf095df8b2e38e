package io.github.sentryjakarta.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.testreceiver.Behavior;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * While Sentry fails, the senders a busy period started do not all wake for the back-off: one waits it out and
 * sends the probe, the others stay parked until a probe succeeds. When they all waited for the back-off, its end
 * and every failed probe woke every sender (up to the request limit) on the application's cores, and each
 * envelope queued meanwhile woke one more only for it to wait again.
 */
class OneSenderWaitsOutAnOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void failedProbesAndEnvelopesQueuedMeanwhileWakeOneSenderNotAll() {
        SenderThreads threads = new SenderThreads("outage-test-sender");
        try (SentryReceiver receiver = SentryReceiver.start()) {
            receiver.respondWith(Behavior.latency(Duration.ofMillis(200)));
            SentryOptions options = SentryOptions.builder().dsn(receiver.dsn()).build();
            HttpTransport transport = new HttpTransport(options, new ClientReports(), threads);
            try {
                int burst = 16;
                threads.burst(transport, burst, WAIT); // 200 ms per answer

                // Sentry fails: the next request's connection is reset, which starts the back-off.
                receiver.respondWith(Behavior.resetConnection());
                transport.send(SenderThreads.envelope());
                assertThat(transport.flush(WAIT)).isTrue();
                threads.awaitAllParked(WAIT);
                Map<Long, Long> cpuBefore = threads.cpuNow();

                int queued = 10;
                for (int i = 0; i < queued; i++) {
                    transport.send(SenderThreads.envelope());
                }
                int probes = 3;
                assertThat(receiver.await(r -> r.requestCount() >= burst + 1 + probes, WAIT))
                        .as("three probes went after growing back-offs").isTrue();

                // The sender that waits out the back-off and probes, and the connections' watchdog (made by the same
                // factory), which ticks while a probe's connection is open.
                assertThat(threads.ranSince(cpuBefore)).as("threads that ran during %d probes, of %d", probes, threads.count())
                        .isLessThanOrEqualTo(2);
            } finally {
                transport.close(Duration.ofSeconds(2));
            }
        }
    }
}
