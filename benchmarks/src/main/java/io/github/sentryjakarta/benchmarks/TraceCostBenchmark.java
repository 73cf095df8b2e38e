package io.github.sentryjakarta.benchmarks;

import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.testreceiver.CountingReceiver;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * What one sampled trace costs each SDK, side by side with {@code io.sentry:sentry} and OpenTelemetry: traces of
 * eight spans paced from one thread (standing in for the application's request threads) at a rate every SDK
 * delivers in full, sent to a counting receiver on loopback. Per trace it reports the application thread's CPU and
 * allocation (span start and end, and whatever the SDK does there) and the CPU of the SDK's own threads
 * (buffering, encoding, HTTP), read with {@link com.sun.management.ThreadMXBean}. The Sentry SDKs send one HTTP
 * request per trace, a span envelope (stream) or a transaction (static, and {@code io.sentry:sentry}), because
 * Sentry's envelope header carries one trace's sampling context; OpenTelemetry's exporter sends batches of up to
 * 512 spans of any traces. One JVM, so compare SDKs within a run, not runs with each other.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.sentryjakarta.benchmarks.TraceCostBenchmark \
 *     [rate] [seconds] [rounds]
 * </pre>
 */
public final class TraceCostBenchmark {

    /** The threads each SDK runs: ours, and io.sentry's with the JDK's HTTP client's keep-alive threads it uses. */
    private static final Predicate<String> OUR_THREADS = name -> name.startsWith("sentry-jakarta");
    private static final Predicate<String> SENTRY_JAVA_THREADS = name -> name.startsWith("Sentry")
            || name.startsWith("Keep-Alive-");
    private static final Predicate<String> OPEN_TELEMETRY_THREADS = name -> name.startsWith("BatchSpanProcessor")
            || name.regionMatches(true, 0, "okhttp", 0, 6) || name.startsWith("Okio");

    private TraceCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.printf(Locale.ROOT, "%d traces/s of %d spans for %d s, %d rounds after one warm-up round; "
                + "JDK %s, %d CPUs%n%n", rate, Sdk.SPANS_PER_TRACE, seconds, rounds, Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        System.out.println("| round | SDK | application thread CPU per trace | application thread allocation per trace "
                + "| SDK threads' CPU per trace | spans received / created |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        for (int round = 0; round <= rounds; round++) {
            run(Sdk.ours(TraceLifecycle.STREAM), OUR_THREADS, false, rate, seconds, round);
            run(Sdk.ours(TraceLifecycle.STATIC), OUR_THREADS, false, rate, seconds, round);
            run(Sdk.sentryJava(), SENTRY_JAVA_THREADS, false, rate, seconds, round);
            run(Sdk.openTelemetry(), OPEN_TELEMETRY_THREADS, true, rate, seconds, round);
        }
    }

    /** Where an SDK sends: the counting receiver for the Sentry SDKs, the OTLP one for OpenTelemetry. */
    private record Receiver(String address, LongSupplier spans, AutoCloseable server) implements AutoCloseable {
        static Receiver start(boolean otlp) throws IOException {
            if (otlp) {
                OtlpCountingReceiver collector = new OtlpCountingReceiver();
                return new Receiver(collector.endpoint(), collector::spans, collector);
            }
            CountingReceiver sentry = new CountingReceiver(Duration.ZERO);
            return new Receiver(sentry.dsn(), sentry::spans, sentry);
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    private static void run(Sdk sdk, Predicate<String> threads, boolean otlp, int rate, int seconds, int round)
            throws Exception {
        com.sun.management.ThreadMXBean cpu = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Receiver receiver = Receiver.start(otlp)) {
            sdk.start(receiver.address());
            int traces = rate * seconds;
            Map<Long, Long> sdkBefore = threadCpuNanos(cpu, threads);
            long appBefore = cpu.getCurrentThreadCpuTime();
            long allocatedBefore = cpu.getCurrentThreadAllocatedBytes();
            sdk.pace(rate, traces);
            long app = cpu.getCurrentThreadCpuTime() - appBefore;
            long allocated = cpu.getCurrentThreadAllocatedBytes() - allocatedBefore;
            // Before close: a closing SDK's threads end, and the CPU of an ended thread can no longer be read.
            long created = (long) traces * Sdk.SPANS_PER_TRACE;
            awaitReceived(receiver, created, Duration.ofSeconds(10));
            long used = 0;
            for (Map.Entry<Long, Long> thread : threadCpuNanos(cpu, threads).entrySet()) {
                used += thread.getValue() - sdkBefore.getOrDefault(thread.getKey(), 0L);
            }
            sdk.close();
            if (round > 0) {
                System.out.printf(Locale.ROOT, "| %d | %s | %.1f µs | %d B | %.1f µs | %d / %d |%n", round,
                        sdk.name(), app / 1000.0 / traces, allocated / traces, used / 1000.0 / traces,
                        receiver.spans().getAsLong(), created);
            }
        }
    }

    /** Waits until {@code spans} arrived or {@code timeout} passed (an SDK that dropped some never gets there). */
    private static void awaitReceived(Receiver receiver, long spans, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (receiver.spans().getAsLong() < spans && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /**
     * @return the CPU time of each live thread {@code names} accepts, by thread id: differences are taken per thread,
     *         because an SDK's idle threads from an earlier round may end in between
     */
    private static Map<Long, Long> threadCpuNanos(com.sun.management.ThreadMXBean cpu, Predicate<String> names) {
        Map<Long, Long> times = new HashMap<>();
        for (ThreadInfo info : cpu.getThreadInfo(cpu.getAllThreadIds())) {
            if (info != null && names.test(info.getThreadName())) {
                times.put(info.getThreadId(), Math.max(0, cpu.getThreadCpuTime(info.getThreadId())));
            }
        }
        return times;
    }
}
