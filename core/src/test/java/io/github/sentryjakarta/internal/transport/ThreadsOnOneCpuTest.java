package io.github.sentryjakarta.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.envelope.EnvelopeQueue;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.RuntimeAssembler;
import io.github.sentryjakarta.internal.envelope.TestTraces;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * On hosts with one or two CPUs the common pool has parallelism 1, and the JDK's {@code CompletableFuture} then
 * runs every async step on a new thread (on JDK 17 its {@code HttpClient.sendAsync} started more than one per
 * request, 70-74 for 50). Run by a surefire execution of its own with {@code -XX:ActiveProcessorCount=1} (see
 * core's pom), this shows the transport's thread starts bounded by its request limit however many envelopes it
 * sends: nothing of a request runs in the common pool.
 */
class ThreadsOnOneCpuTest {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void thousandsOfEnvelopesStartNoThreadPerEnvelope() throws Exception {
        Assumptions.assumeTrue(ForkJoinPool.getCommonPoolParallelism() == 1,
                "needs a JVM with one or two CPUs (-XX:ActiveProcessorCount=1, core's one-cpu execution)");
        try (SentryReceiver receiver = SentryReceiver.start()) {
            int maxRequests = 16;
            SentryOptions options = TestTraces.options(receiver.dsn()).maxRequests(maxRequests).build();
            EnvelopeQueue transport = RuntimeAssembler.transport(options, new ClientReports(), null);
            TestTraces.Trace trace = TestTraces.trace("GET /orders/{id}", 3);
            int envelopes = 2000;
            long before = THREADS.getTotalStartedThreadCount();
            for (int i = 0; i < envelopes; i++) {
                transport.enqueueSpans(trace.dsc(), trace.spans());
                if (i % 500 == 499) {
                    assertThat(transport.flush(Duration.ofSeconds(30))).isTrue();
                }
            }
            assertThat(transport.flush(Duration.ofSeconds(30))).isTrue();
            long started = THREADS.getTotalStartedThreadCount() - before;
            transport.close(Duration.ofSeconds(5));

            assertThat(receiver.requestCount()).isGreaterThanOrEqualTo(envelopes);
            // encoder + senders + the watchdog + the receiver's own (8 workers, a timer) and slack
            assertThat(started).as("threads started for %s envelopes", envelopes).isLessThanOrEqualTo(maxRequests + 20);
        }
    }
}
