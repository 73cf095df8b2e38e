package io.github.sentryjakarta.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.envelope.EncodedEnvelope;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.testreceiver.Behavior;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * While Sentry fails, the senders a busy period started do not all wake for the back-off: one waits it out and
 * sends the probe, the others stay parked until a probe succeeds. When they all waited for the back-off, its end
 * and every failed probe woke every sender (up to the request limit) on the application's cores, and each
 * envelope queued meanwhile woke one more only for it to wait again.
 */
class OneSenderWaitsOutAnOutageTest {

    private static final byte[] ENVELOPE = "{}\n{\"type\":\"span\"}\n{\"span_id\":\"0123456789abcdef\"}\n"
            .getBytes(StandardCharsets.UTF_8);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void failedProbesAndEnvelopesQueuedMeanwhileWakeOneSenderNotAll() {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        List<Thread> started = new CopyOnWriteArrayList<>();
        try (SentryReceiver receiver = SentryReceiver.start()) {
            receiver.respondWith(Behavior.latency(Duration.ofMillis(200)));
            SentryOptions options = SentryOptions.builder().dsn(receiver.dsn()).build();
            HttpTransport transport = new HttpTransport(options, new ClientReports(), task -> {
                Thread thread = new Thread(task, "outage-test-sender");
                thread.setDaemon(true);
                started.add(thread);
                return thread;
            });
            try {
                int burst = 16;
                for (int i = 0; i < burst; i++) {
                    transport.send(envelope());
                }
                assertThat(transport.flush(WAIT)).isTrue();
                assertThat(started).as("the burst waited 200 ms for each answer: threads were started for it")
                        .hasSizeGreaterThan(burst / 2);

                // Sentry fails: the next request's connection is reset, which starts the back-off.
                receiver.respondWith(Behavior.resetConnection());
                transport.send(envelope());
                assertThat(transport.flush(WAIT)).isTrue();
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!started.stream().allMatch(thread -> thread.getState() == Thread.State.TIMED_WAITING)) {
                    assertThat(System.nanoTime()).as("senders parked in time").isLessThan(deadline);
                    Thread.onSpinWait();
                }
                Map<Long, Long> cpuBefore = new HashMap<>();
                started.forEach(thread -> cpuBefore.put(thread.getId(), cpu.getThreadCpuTime(thread.getId())));

                int queued = 10;
                for (int i = 0; i < queued; i++) {
                    transport.send(envelope());
                }
                int probes = 3;
                assertThat(receiver.await(r -> r.requestCount() >= burst + 1 + probes, WAIT))
                        .as("three probes went after growing back-offs").isTrue();

                long ran = started.stream().filter(thread -> cpuBefore.containsKey(thread.getId())
                        && cpu.getThreadCpuTime(thread.getId()) > cpuBefore.get(thread.getId())).count();
                // The sender that waits out the back-off and probes, and the connections' watchdog (made by the same
                // factory), which ticks while a probe's connection is open.
                assertThat(ran).as("threads that ran during %d probes, of %d", probes, started.size())
                        .isLessThanOrEqualTo(2);
            } finally {
                transport.close(Duration.ofSeconds(2));
            }
        }
    }

    private static EncodedEnvelope envelope() {
        return new EncodedEnvelope(ENVELOPE, 1, 0, List.of());
    }
}
