package io.github.sentryjakarta.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.testreceiver.CountingReceiver;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * After a burst has started many sender threads, a steady trickle of envelopes is sent by the thread that went
 * idle last, again and again: the others stay parked (and end after their keep-alive) instead of each being
 * woken in turn, which at LAN latency kept 128 threads alive doing one request each.
 */
class SendersReuseTheLastIdleThreadTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aTrickleAfterABurstIsSentByOneThreadWhileTheOthersStayParked() {
        SenderThreads threads = new SenderThreads("reuse-test-sender");
        try (CountingReceiver receiver = new CountingReceiver(Duration.ofMillis(200))) {
            SentryOptions options = SentryOptions.builder().dsn(receiver.dsn()).build();
            HttpTransport transport = new HttpTransport(options, new ClientReports(), threads);
            try {
                int burst = 16;
                threads.burst(transport, burst, WAIT); // 200 ms per answer

                // The senders of the burst's last answers finish after flush returns: they are parked once all wait.
                threads.awaitAllParked(WAIT);
                Map<Long, Long> cpuAfterBurst = threads.cpuNow();
                int trickle = 8;
                for (int i = 0; i < trickle; i++) {
                    transport.send(SenderThreads.envelope());
                    assertThat(transport.flush(WAIT)).isTrue();
                }

                assertThat(receiver.envelopes()).isEqualTo(burst + trickle);
                // One sender, and the connections' watchdog (made by the same factory), which ticks while they are open.
                assertThat(threads.ranSince(cpuAfterBurst)).as("threads that ran during the trickle, of %d", threads.count())
                        .isLessThanOrEqualTo(2);
            } finally {
                transport.close(Duration.ofSeconds(2));
            }
        }
    }
}
