package io.github.sentryjakarta.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.internal.envelope.EncodedEnvelope;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

/**
 * The threads a transport made, for tests that ask which of them ran: the factory records each, and a CPU-time
 * snapshot tells later which ran since (a thread woken even once uses some CPU).
 */
final class SenderThreads implements ThreadFactory {

    /** One span, as Sentry accepts it: an envelope it refused would be answered at once, whatever the latency. */
    private static final byte[] ENVELOPE = ("{\"trace\":{\"trace_id\":\"0123456789abcdef0123456789abcdef\","
            + "\"public_key\":\"publickey\",\"sample_rate\":\"1\"}}\n{\"type\":\"span\",\"item_count\":1,"
            + "\"content_type\":\"application/vnd.sentry.items.span.v2+json\"}\n{\"version\":2,\"items\":[{\"trace_id\":"
            + "\"0123456789abcdef0123456789abcdef\",\"span_id\":\"0123456789abcdef\",\"name\":\"step\",\"status\":\"ok\","
            + "\"start_timestamp\":1700000000.1,\"end_timestamp\":1700000000.2}]}\n").getBytes(StandardCharsets.UTF_8);
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final String name;
    private final List<Thread> started = new CopyOnWriteArrayList<>();

    SenderThreads(String name) {
        this.name = name;
    }

    /** @return a one-span envelope */
    static EncodedEnvelope envelope() {
        return new EncodedEnvelope(ENVELOPE, 1, 0, List.of());
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        started.add(thread);
        return thread;
    }

    /** @return how many threads the transport made, senders and the connections' watchdog */
    int count() {
        return started.size();
    }

    /**
     * Sends a burst of {@code envelopes} to a receiver that answers slowly, so that the transport starts threads
     * for it, and waits until all are answered.
     */
    void burst(HttpTransport transport, int envelopes, Duration timeout) {
        for (int i = 0; i < envelopes; i++) {
            transport.send(envelope());
        }
        assertThat(transport.flush(timeout)).isTrue();
        assertThat(count()).as("the burst waited for each answer: threads were started for it")
                .isGreaterThan(envelopes / 2);
    }

    /** Waits, by {@code timeout}, until at least {@code count} threads were made. */
    void awaitStarted(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count() < count) {
            assertThat(System.nanoTime()).as("threads started in time").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /** Waits, by {@code timeout}, until every thread made waits with a timeout (the senders' and watchdog's park). */
    void awaitAllParked(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!started.stream().allMatch(thread -> thread.getState() == Thread.State.TIMED_WAITING)) {
            assertThat(System.nanoTime()).as("threads parked in time").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /** @return the CPU time of each thread made so far, by id */
    Map<Long, Long> cpuNow() {
        Map<Long, Long> cpu = new HashMap<>();
        started.forEach(thread -> cpu.put(thread.getId(), CPU.getThreadCpuTime(thread.getId())));
        return cpu;
    }

    /** @return how many of the threads in {@code before} used CPU since */
    long ranSince(Map<Long, Long> before) {
        return started.stream().filter(thread -> before.containsKey(thread.getId())
                && CPU.getThreadCpuTime(thread.getId()) > before.get(thread.getId())).count();
    }
}
