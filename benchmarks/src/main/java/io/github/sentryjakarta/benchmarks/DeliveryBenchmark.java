package io.github.sentryjakarta.benchmarks;

import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.internal.envelope.EncodedEnvelope;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.transport.HttpTransport;
import io.github.sentryjakarta.testing.HttpsEndpoint;
import io.github.sentryjakarta.testing.SelfSignedKeyStore;
import io.github.sentryjakarta.testreceiver.CountingReceiver;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.Deflater;

/**
 * Delivery at internet latency: a paced load of traces (a root and seven children each, as a request of a
 * busy server) for a few seconds, then shutdown with the default 2 s timeout, against the test receiver
 * answering after 0, 20, 100 and 300 ms. Side by side: sentry-jakarta streaming spans, sentry-jakarta sending
 * transactions (static lifecycle), and {@code io.sentry:sentry} sending transactions with its own transport.
 * Prints a Markdown table: traces offered and delivered per second, spans lost (created minus received), and
 * the time shutdown took. Then, with Sentry dead, heap after GC over the same load for sentry-jakarta.
 *
 * <p>Not JMH: what is measured is throughput over the network, one run per cell. Everything runs in one JVM
 * with the {@link CountingReceiver} (which counts spans without parsing), on loopback.
 *
 * <p>With {@code sender} as first argument it measures the sender side alone instead: envelopes of about
 * 5.4 KB (six spans, sent as they are: below the gzip threshold) posted through the real {@link HttpTransport} to
 * the receiver answering at once, paced from one thread (standing in for the encoder), and the CPU per envelope of
 * the transport's own threads (senders and watchdog, read with {@link ThreadMXBean}), the figure issue 14 asks to
 * cut, besides the whole process's. The receiver runs in the same JVM, so the figures are relative: compare runs
 * taken close together. With {@code virtual} (Java 21 or later) the senders are virtual threads, whose CPU only the
 * process's figure shows. With {@code https} the envelopes go as they go to sentry.io: over TLS (HTTP/1.1, the
 * library's client), to a Jetty endpoint whose certificate this JVM trusts. With {@code bare} the same envelopes go
 * through {@link BarePoster} instead of the transport: the floor of one blocking HTTP exchange per envelope.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.sentryjakarta.benchmarks.DeliveryBenchmark [rate] [seconds]
 * java -cp benchmarks/target/benchmarks.jar io.github.sentryjakarta.benchmarks.DeliveryBenchmark sender [rate] [seconds] [rounds] [platform|virtual] [http|https|bare]
 * </pre>
 */
public final class DeliveryBenchmark {

    private static final int[] LATENCIES_MS = {0, 20, 100, 300};

    private DeliveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("sender")) {
            senderCpu(args.length > 1 ? Integer.parseInt(args[1]) : 2000, args.length > 2 ? Integer.parseInt(args[2]) : 5,
                    args.length > 3 ? Integer.parseInt(args[3]) : 3, args.length > 4 && args[4].equals("virtual"),
                    args.length > 5 ? args[5] : "http", args.length > 6 && args[6].equals("gzip"));
            return;
        }
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf(Locale.ROOT, "offered: %d traces/s of %d spans for %d s; shutdown timeout %d ms; JDK %s, %d CPUs%n%n",
                rate, Sdk.SPANS_PER_TRACE, seconds, Sdk.SHUTDOWN.toMillis(), Runtime.version(), Runtime.getRuntime().availableProcessors());
        // Warm-up, not reported: the first cell would otherwise pay for class loading and JIT compilation.
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        for (Sdk sdk : List.of(Sdk.ours(TraceLifecycle.STREAM), Sdk.ours(TraceLifecycle.STATIC), Sdk.sentryJava())) {
            run(sdk, 0, rate, 2);
        }
        System.setOut(out);
        System.out.println("| round trip | SDK | traces delivered / s | traces delivered / created | spans lost | spans counted as dropped | shutdown took |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int latency : LATENCIES_MS) {
            for (Sdk sdk : List.of(Sdk.ours(TraceLifecycle.STREAM), Sdk.ours(TraceLifecycle.STATIC), Sdk.sentryJava())) {
                run(sdk, latency, rate, seconds);
            }
        }
        System.out.println();
        deadSentryHeap(rate, seconds * 4);
    }

    private static void run(Sdk sdk, int latencyMs, int rate, int seconds) {
        try (CountingReceiver receiver = new CountingReceiver(Duration.ofMillis(latencyMs))) {
            sdk.start(receiver.dsn());
            int traces = rate * seconds;
            sdk.pace(rate, traces);
            long closing = System.nanoTime();
            sdk.close();
            long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
            long receivedSpans = receiver.spans();
            long receivedTraces = receivedSpans / Sdk.SPANS_PER_TRACE;
            long lost = (long) traces * Sdk.SPANS_PER_TRACE - receivedSpans;
            long counted = sdk.counted();
            System.out.printf(Locale.ROOT, "| %d ms | %s | %d | %d / %d | %d | %s | %d ms |%n", latencyMs, sdk.name(),
                    receivedTraces / seconds, receivedTraces, traces, lost, counted < 0 ? "n/a" : Long.toString(counted),
                    closeMillis);
        }
    }

    private static void deadSentryHeap(int rate, int seconds) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (CountingReceiver receiver = new CountingReceiver(Duration.ZERO)) {
            receiver.down();
            Sdk sdk = Sdk.ours(TraceLifecycle.STREAM);
            sdk.start(receiver.dsn());
            System.gc();
            long before = memory.getHeapMemoryUsage().getUsed();
            List<Long> samples = new ArrayList<>();
            for (int second = 0; second < seconds; second++) {
                sdk.pace(rate, rate);
                System.gc();
                samples.add(memory.getHeapMemoryUsage().getUsed());
            }
            sdk.close();
            System.out.printf(Locale.ROOT, "Sentry dead, %s, %d traces/s for %d s: heap after GC %d MiB before, then per second: %s MiB; "
                    + "spans counted as dropped: %d of %d%n", sdk.name(), rate, seconds, before >> 20,
                    samples.stream().map(b -> Long.toString(b >> 20)).toList(), sdk.counted(),
                    (long) rate * seconds * Sdk.SPANS_PER_TRACE);
        }
    }

    /**
     * Where the sender posts: the counting receiver over {@code http://}, or the Jetty endpoint over TLS.
     *
     * @param spans the spans received so far
     * @param connections the connections requests came over so far, or a description of what is not counted
     */
    private record Endpoint(String dsn, LongSupplier spans, Supplier<String> connections, AutoCloseable server)
            implements AutoCloseable {
        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    private static Endpoint endpoint(boolean https) throws Exception {
        if (!https) {
            CountingReceiver receiver = new CountingReceiver(Duration.ZERO);
            return new Endpoint(receiver.dsn(), receiver::spans, () -> "not counted", receiver);
        }
        HttpsEndpoint endpoint = HttpsEndpoint.counting(SelfSignedKeyStore.trustedByThisJvm());
        return new Endpoint(endpoint.dsn(), endpoint::spans, () -> String.valueOf(endpoint.connections()), endpoint);
    }

    /** What the paced loop posts through: the transport, or the floor it is compared with. */
    private interface Poster extends AutoCloseable {
        void post(byte[] envelope);

        /** @return whether all {@code count} envelopes were answered within 30 s */
        boolean flushed(int count) throws InterruptedException;

        @Override
        void close() throws IOException;
    }

    private static Poster poster(String path, String dsn, String name, boolean virtual, boolean gzip) throws IOException {
        if (path.equals("bare")) {
            BarePoster bare = new BarePoster(dsn, name);
            return new Poster() {
                @Override
                public void post(byte[] envelope) {
                    bare.send(envelope);
                }

                @Override
                public boolean flushed(int count) throws InterruptedException {
                    return bare.awaitAnswers(count, Duration.ofSeconds(30));
                }

                @Override
                public void close() throws IOException {
                    bare.close();
                }
            };
        }
        HttpTransport transport = new HttpTransport(SentryOptions.builder().dsn(dsn)
                        .gzipMinBytes(gzip ? 0 : SentryOptions.builder().build().gzipMinBytes()).build(),
                new ClientReports(), virtual ? virtualThreads(name) : task -> {
                    Thread thread = new Thread(task, name);
                    thread.setDaemon(true);
                    return thread;
                });
        return new Poster() {
            @Override
            public void post(byte[] envelope) {
                transport.send(new EncodedEnvelope(envelope, 6, 0, List.of()));
            }

            @Override
            public boolean flushed(int count) {
                return transport.flush(Duration.ofSeconds(30));
            }

            @Override
            public void close() {
                transport.close(Sdk.SHUTDOWN);
            }
        };
    }

    private static void senderCpu(int rate, int seconds, int rounds, boolean virtual, String path, boolean gzip)
            throws Exception {
        boolean https = path.equals("https");
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean process =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        byte[][] envelopes = new byte[64][];
        for (int i = 0; i < envelopes.length; i++) {
            envelopes[i] = spanEnvelope(new Random(i));
        }
        System.out.printf(Locale.ROOT, "sender: %d envelopes/s (%d B raw, %d B gzip) for %d s, %d rounds after one warm-up, %s sender threads, %s; JDK %s, %d CPUs%n",
                rate, envelopes[0].length, gzipSize(envelopes[0]), seconds, rounds, virtual ? "virtual" : "platform",
                https ? "HTTPS (the library's HTTP/1.1 over TLS)" : path.equals("bare")
                        ? "http://, the bare floor (one thread, one socket, no transport)" : "http:// (the library's HTTP/1.1)",
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        for (int round = 0; round <= rounds; round++) {
            try (Endpoint receiver = endpoint(https)) {
                // Threads named per round: those of the last round may still be ending.
                String name = "bench-sender-" + round;
                Predicate<String> senders = thread -> thread.equals(name);
                Poster poster = poster(path, receiver.dsn(), name, virtual, gzip);
                long interval = TimeUnit.SECONDS.toNanos(1) / rate;
                int count = rate * seconds;
                long processBefore = process.getProcessCpuTime();
                long processSwitchesBefore = contextSwitches(thread -> true);
                long usedBefore = threadCpuNanos(cpu, senders);
                long switchesBefore = contextSwitches(senders);
                long start = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    long wait = start + i * interval - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    poster.post(envelopes[i % envelopes.length]);
                }
                boolean flushed = poster.flushed(count);
                long processUsed = process.getProcessCpuTime() - processBefore;
                long processSwitches = contextSwitches(thread -> true) - processSwitchesBefore;
                long used = threadCpuNanos(cpu, senders) - usedBefore;
                long switches = contextSwitches(senders) - switchesBefore;
                int threads = senderThreads(cpu, name);
                poster.close();
                long received = receiver.spans().getAsLong() / 6;
                if (round > 0 && virtual) {
                    // A virtual thread's CPU is not counted per thread: the process's, receiver and pacing included.
                    System.out.printf(Locale.ROOT, "round %d: %.1f µs process CPU per envelope, %.2f process context switches "
                            + "per envelope, %d envelopes received of %d%s%n", round, processUsed / 1000.0 / count,
                            processSwitches / (double) count, received, count, flushed ? "" : " (flush timed out)");
                } else if (round > 0) {
                    System.out.printf(Locale.ROOT, "round %d: %.1f µs sender CPU per envelope, %.2f context switches per envelope, "
                            + "%d envelopes received of %d%s, %d sender threads, connections %s; process: %.1f µs CPU, "
                            + "%.2f context switches per envelope%n", round, used / 1000.0 / count, switches / (double) count,
                            received, count, flushed ? "" : " (flush timed out)", threads, receiver.connections().get(),
                            processUsed / 1000.0 / count, processSwitches / (double) count);
                }
            }
        }
    }

    /** A span envelope of six spans, the size a 6-span request makes, with random ids so that gzip works as usual. */
    private static byte[] spanEnvelope(Random random) {
        StringBuilder json = new StringBuilder("{\"trace\":{\"trace_id\":\"").append(hex(random, 32))
                .append("\",\"public_key\":\"publickey\",\"sample_rate\":\"1\"}}\n{\"type\":\"span\",\"item_count\":6,"
                        + "\"content_type\":\"application/vnd.sentry.items.span.v2+json\"}\n{\"version\":2,\"items\":[");
        for (int i = 0; i < 6; i++) {
            json.append(i == 0 ? "" : ",").append("{\"trace_id\":\"").append(hex(random, 32)).append("\",\"span_id\":\"")
                    .append(hex(random, 16)).append("\",\"name\":\"step ").append(i).append("\",\"status\":\"ok\",")
                    .append("\"start_timestamp\":").append(1.7e9 + random.nextDouble()).append(",\"end_timestamp\":")
                    .append(1.7e9 + random.nextDouble()).append(",\"attributes\":{");
            for (int a = 0; a < 12; a++) {
                json.append(a == 0 ? "" : ",").append("\"attribute.").append(a).append("\":{\"type\":\"string\",\"value\":\"")
                        .append(hex(random, 12)).append("\"}");
            }
            json.append("}}");
        }
        return json.append("]}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(Random random, int digits) {
        StringBuilder out = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            out.append(Character.forDigit(random.nextInt(16), 16));
        }
        return out.toString();
    }

    /** @return the size of {@code raw} in gzip: deflated at the default level, plus gzip's 18 bytes of framing */
    private static int gzipSize(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(raw);
        deflater.finish();
        int size = deflater.deflate(new byte[raw.length + 64]) + 18;
        deflater.end();
        return size;
    }

    /** CPU of the threads alive now whose names {@code names} accepts: senders park for a minute when idle. */
    private static long threadCpuNanos(ThreadMXBean cpu, Predicate<String> names) {
        long total = 0;
        for (ThreadInfo info : cpu.getThreadInfo(cpu.getAllThreadIds())) {
            if (info != null && names.test(info.getThreadName())) {
                total += Math.max(0, cpu.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /** Virtual threads named {@code name}, through reflection: the benchmarks build for Java 17. */
    private static ThreadFactory virtualThreads(String name) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Method named = Class.forName("java.lang.Thread$Builder").getMethod("name", String.class);
            return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory")
                    .invoke(named.invoke(builder, name));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads need Java 21 or later", e);
        }
    }

    /**
     * Context switches of the threads whose names {@code names} accepts, from Linux's {@code /proc/self/task}: a
     * figure the machine's load disturbs less than CPU time. 0 elsewhere.
     */
    private static long contextSwitches(Predicate<String> names) {
        long total = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (!names.test(Files.readString(task.resolve("comm")).trim())) {
                        continue;
                    }
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.contains("ctxt_switches:")) {
                            total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException | RuntimeException ended) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException notLinux) {
            return 0;
        }
        return total;
    }

    private static int senderThreads(ThreadMXBean cpu, String name) {
        int count = 0;
        for (ThreadInfo info : cpu.getThreadInfo(cpu.getAllThreadIds())) {
            if (info != null && info.getThreadName().equals(name)) {
                count++;
            }
        }
        return count;
    }
}
