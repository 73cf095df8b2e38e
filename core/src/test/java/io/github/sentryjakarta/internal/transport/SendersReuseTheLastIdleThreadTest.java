package io.github.sentryjakarta.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.envelope.EncodedEnvelope;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.testreceiver.CountingReceiver;
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
 * After a burst has started many sender threads, a steady trickle of envelopes is sent by the thread that went
 * idle last, again and again: the others stay parked (and end after their keep-alive) instead of each being
 * woken in turn, which at LAN latency kept 128 threads alive doing one request each.
 */
class SendersReuseTheLastIdleThreadTest {

    private static final byte[] ENVELOPE = "{}\n{\"type\":\"span\"}\n{\"span_id\":\"0123456789abcdef\"}\n"
            .getBytes(StandardCharsets.UTF_8);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aTrickleAfterABurstIsSentByOneThreadWhileTheOthersStayParked() {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        List<Thread> started = new CopyOnWriteArrayList<>();
        try (CountingReceiver receiver = new CountingReceiver(Duration.ofMillis(200))) {
            SentryOptions options = SentryOptions.builder().dsn(receiver.dsn()).build();
            HttpTransport transport = new HttpTransport(options, new ClientReports(), task -> {
                Thread thread = new Thread(task, "reuse-test-sender");
                thread.setDaemon(true);
                started.add(thread);
                return thread;
            });
            try {
                int burst = 16;
                for (int i = 0; i < burst; i++) {
                    transport.send(new EncodedEnvelope(ENVELOPE, 1, 0, List.of()));
                }
                assertThat(transport.flush(WAIT)).isTrue();
                assertThat(started).as("the burst waited 200 ms for each answer: threads were started for it")
                        .hasSizeGreaterThan(burst / 2);

                // The senders of the burst's last answers finish after flush returns: they are parked once all wait.
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!started.stream().allMatch(thread -> thread.getState() == Thread.State.TIMED_WAITING)) {
                    assertThat(System.nanoTime()).as("senders parked in time").isLessThan(deadline);
                    Thread.onSpinWait();
                }
                Map<Long, Long> cpuAfterBurst = new HashMap<>();
                started.forEach(thread -> cpuAfterBurst.put(thread.getId(), cpu.getThreadCpuTime(thread.getId())));
                int trickle = 8;
                for (int i = 0; i < trickle; i++) {
                    transport.send(new EncodedEnvelope(ENVELOPE, 1, 0, List.of()));
                    assertThat(transport.flush(WAIT)).isTrue();
                }

                long ran = started.stream().filter(thread -> cpuAfterBurst.containsKey(thread.getId())
                        && cpu.getThreadCpuTime(thread.getId()) > cpuAfterBurst.get(thread.getId())).count();
                assertThat(receiver.envelopes()).isEqualTo(burst + trickle);
                // One sender, and the connections' watchdog (made by the same factory), which ticks while they are open.
                assertThat(ran).as("threads that ran during the trickle, of %d", started.size()).isLessThanOrEqualTo(2);
            } finally {
                transport.close(Duration.ofSeconds(2));
            }
        }
    }
}
