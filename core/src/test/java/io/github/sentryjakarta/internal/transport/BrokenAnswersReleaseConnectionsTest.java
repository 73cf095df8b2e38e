package io.github.sentryjakarta.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.envelope.TestTraces;
import io.github.sentryjakarta.testreceiver.BrokenSentry;
import io.github.sentryjakarta.testreceiver.BrokenSentry.Answer;
import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Every kind of broken answer, many times over, then the endpoint heals: the sockets and buffers of the
 * broken exchanges must be gone (open descriptors, heap after GC and the server's open connections back to
 * where they were before) and sending must work again. The JDK's HttpClient kept one socket per garbage answer
 * (about 12 000 descriptors and 300 MB of heap after 12 000 of them).
 */
class BrokenAnswersReleaseConnectionsTest {

    private static final int GARBAGE_ANSWERS = 10_000;
    private static final int SENDERS = 4;
    /** Descriptors the JVM may open meanwhile for itself (JIT, class loading), and the pool's idle connections. */
    private static final int FD_SLACK = 16;
    private static final long HEAP_SLACK_BYTES = 16L << 20;
    private static final Exchange.Outcome DELIVERED = Exchange.Outcome.DELIVERED;
    private static final Duration BACK = Duration.ofSeconds(20);

    /** @param timeout the request timeout, short where every request waits for it */
    private record Phase(Answer answer, int requests, Exchange.Outcome expected, Duration timeout) {
        Phase(Answer answer, int requests, Exchange.Outcome expected) {
            this(answer, requests, expected, null);
        }
    }

    @Test
    void descriptorsHeapAndServerConnectionsComeBackAfterThousandsOfBrokenAnswers() throws Exception {
        try (BrokenSentry sentry = BrokenSentry.start(Answer.OK)) {
            breakThenHeal(sentry, GARBAGE_ANSWERS, 1_000);
        }
    }

    /**
     * Sends through {@code sentry} while it answers each way in turn, then once healed, and checks that what the
     * broken exchanges held is gone.
     *
     * @param garbage how many garbage answers
     * @param resets how many connections closed without an answer
     */
    static void breakThenHeal(BrokenSentry sentry, int garbage, int resets) throws Exception {
        List<Phase> phases = List.of(
                new Phase(Answer.GARBAGE, garbage, Exchange.Outcome.FAILED),
                new Phase(Answer.RESET, resets, Exchange.Outcome.FAILED),
                // the status line says 200: the envelope arrived, whatever follows it
                new Phase(Answer.HUGE_HEADERS, 200, Exchange.Outcome.DELIVERED),
                new Phase(Answer.TRICKLE, 40, Exchange.Outcome.DELIVERED, Duration.ofMillis(200)),
                new Phase(Answer.BLACK_HOLE, 40, Exchange.Outcome.FAILED, Duration.ofMillis(200)));
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            sentry.answerWith(Answer.OK);
            SentryOptions options = TestTraces.options(sentry.dsn()).requestTimeout(Duration.ofSeconds(5))
                    .maxRequests(SENDERS).build();
            Exchange exchange = new Exchange(options, task -> {
                Thread thread = new Thread(task);
                thread.setDaemon(true);
                return thread;
            });
            byte[] body = new byte[2048];
            assertThat(send(senders, exchange, body, 200, DELIVERED, null)).isEqualTo(Map.of("DELIVERED", 200L));
            long baseFds = openFds();
            long baseHeap = heapAfterGc();
            int baseConnections = sentry.openConnections();

            for (Phase phase : phases) {
                sentry.answerWith(phase.answer());
                assertThat(send(senders, exchange, body, phase.requests(), phase.expected(), phase.timeout()))
                        .as(phase.answer().name()).isEqualTo(Map.of(phase.expected().name(), (long) phase.requests()));
                System.out.printf("%s x %d: fds %d, heap %.1f MB%n", phase.answer(), phase.requests(), openFds(),
                        heapAfterGc() / 1048576.0);
            }
            sentry.answerWith(Answer.OK);

            assertThat(send(senders, exchange, body, 200, DELIVERED, null)).as("after healing")
                    .isEqualTo(Map.of("DELIVERED", 200L));
            boolean connectionsBack = await(() -> sentry.openConnections() <= SENDERS);
            boolean fdsBack = await(() -> openFds() <= baseFds + FD_SLACK);
            boolean heapBack = await(() -> heapAfterGc() <= baseHeap + HEAP_SLACK_BYTES);
            System.out.printf("after %d broken answers: fds %d (baseline %d), heap %.1f MB (baseline %.1f MB),"
                    + " connections open at the server %d (baseline %d)%n", phases.stream().mapToInt(Phase::requests).sum(),
                    openFds(), baseFds, heapAfterGc() / 1048576.0, baseHeap / 1048576.0, sentry.openConnections(),
                    baseConnections);
            assertThat(connectionsBack).as("connections open at the server: %d", sentry.openConnections()).isTrue();
            assertThat(fdsBack).as("open descriptors %d, %d before", openFds(), baseFds).isTrue();
            assertThat(heapBack).as("heap after GC %d, %d before", heapAfterGc(), baseHeap).isTrue();
            exchange.close();
        } finally {
            senders.shutdownNow();
        }
    }

    /**
     * @return how many of {@code requests} posts, {@link #SENDERS} at a time, had each outcome: the expected one
     *         by its name, others with their explanation, so that a failure says what went wrong
     */
    private static Map<String, Long> send(ExecutorService senders, Exchange exchange, byte[] body, int requests,
            Exchange.Outcome expected, Duration timeout)
            throws Exception {
        List<Future<List<Exchange.Result>>> parts = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int share = requests / SENDERS + (s < requests % SENDERS ? 1 : 0);
            parts.add(senders.submit(() -> {
                List<Exchange.Result> outcomes = new ArrayList<>(share);
                for (int i = 0; i < share; i++) {
                    outcomes.add(exchange.post(body, timeout));
                }
                return outcomes;
            }));
        }
        Map<String, Long> outcomes = new TreeMap<>();
        for (Future<List<Exchange.Result>> part : parts) {
            for (Exchange.Result result : part.get()) {
                String key = result.outcome() == expected ? expected.name() : result.outcome() + ": " + result.why();
                outcomes.merge(key, 1L, Long::sum);
            }
        }
        return outcomes;
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + BACK.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50); // polling a condition with a deadline
        }
        return true;
    }

    /** Read without opening a descriptor, so that it works at the process's limit too. */
    static long openFds() {
        return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getOpenFileDescriptorCount();
    }

    static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
