package io.github.sentryjakarta.benchmarks;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.RuntimeAssembler;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.testreceiver.CountingReceiver;
import io.sentry.ITransaction;
import io.sentry.Sentry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

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
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.sentryjakarta.benchmarks.DeliveryBenchmark [rate] [seconds]
 * </pre>
 */
public final class DeliveryBenchmark {

    private static final int SPANS_PER_TRACE = 8;
    private static final Duration SHUTDOWN = Duration.ofSeconds(2);
    private static final int[] LATENCIES_MS = {0, 20, 100, 300};

    private DeliveryBenchmark() {
    }

    /** One SDK under test. */
    private interface Sdk {
        String name();

        void start(String dsn);

        void trace();

        void close();

        /** @return spans the SDK counted as dropped (client reports), or -1 when it does not say */
        long counted();
    }

    public static void main(String[] args) {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf(Locale.ROOT, "offered: %d traces/s of %d spans for %d s; shutdown timeout %d ms; JDK %s, %d CPUs%n%n",
                rate, SPANS_PER_TRACE, seconds, SHUTDOWN.toMillis(), Runtime.version(), Runtime.getRuntime().availableProcessors());
        // Warm-up, not reported: the first cell would otherwise pay for class loading and JIT compilation.
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        for (Sdk sdk : List.of(ours(TraceLifecycle.STREAM), ours(TraceLifecycle.STATIC), sentryJava())) {
            run(sdk, 0, rate, 2);
        }
        System.setOut(out);
        System.out.println("| round trip | SDK | traces delivered / s | traces delivered / created | spans lost | spans counted as dropped | shutdown took |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int latency : LATENCIES_MS) {
            for (Sdk sdk : List.of(ours(TraceLifecycle.STREAM), ours(TraceLifecycle.STATIC), sentryJava())) {
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
            pace(sdk, rate, traces);
            long closing = System.nanoTime();
            sdk.close();
            long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
            long receivedSpans = receiver.spans();
            long receivedTraces = receivedSpans / SPANS_PER_TRACE;
            long lost = (long) traces * SPANS_PER_TRACE - receivedSpans;
            long counted = sdk.counted();
            System.out.printf(Locale.ROOT, "| %d ms | %s | %d | %d / %d | %d | %s | %d ms |%n", latencyMs, sdk.name(),
                    receivedTraces / seconds, receivedTraces, traces, lost, counted < 0 ? "n/a" : Long.toString(counted),
                    closeMillis);
        }
    }

    /** Starts {@code traces} traces at {@code rate} per second from one thread, catching up when late. */
    private static void pace(Sdk sdk, int rate, int traces) {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        for (int i = 0; i < traces; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            sdk.trace();
        }
    }

    private static void deadSentryHeap(int rate, int seconds) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (CountingReceiver receiver = new CountingReceiver(Duration.ZERO)) {
            receiver.down();
            Sdk sdk = ours(TraceLifecycle.STREAM);
            sdk.start(receiver.dsn());
            System.gc();
            long before = memory.getHeapMemoryUsage().getUsed();
            List<Long> samples = new ArrayList<>();
            for (int second = 0; second < seconds; second++) {
                pace(sdk, rate, rate);
                System.gc();
                samples.add(memory.getHeapMemoryUsage().getUsed());
            }
            sdk.close();
            System.out.printf(Locale.ROOT, "Sentry dead, %s, %d traces/s for %d s: heap after GC %d MiB before, then per second: %s MiB; "
                    + "spans counted as dropped: %d of %d%n", sdk.name(), rate, seconds, before >> 20,
                    samples.stream().map(b -> Long.toString(b >> 20)).toList(), sdk.counted(),
                    (long) rate * seconds * SPANS_PER_TRACE);
        }
    }

    private static Sdk ours(TraceLifecycle lifecycle) {
        return new Sdk() {
            private SentryRuntime runtime;

            @Override
            public String name() {
                return "sentry-jakarta " + lifecycle.configValue();
            }

            @Override
            public void start(String dsn) {
                runtime = RuntimeAssembler.start(SentryOptions.builder().dsn(dsn).serverName("bench")
                        .traceLifecycle(lifecycle).tracesSampleRate(1.0).shutdownTimeout(SHUTDOWN).build());
            }

            @Override
            public void trace() {
                Span root = runtime.spanBuilder("GET /orders/{id}").noParent().active(false).op("http.server").start();
                for (int i = 1; i < SPANS_PER_TRACE; i++) {
                    runtime.spanBuilder("step").parent(root).active(false).op("function").start().end();
                }
                root.end();
            }

            @Override
            public void close() {
                runtime.close(SHUTDOWN);
            }

            @Override
            public long counted() {
                long total = 0;
                for (DiscardReason reason : DiscardReason.values()) {
                    total += runtime.clientReports().total(reason, DataCategory.SPAN);
                }
                return total;
            }
        };
    }

    private static Sdk sentryJava() {
        return new Sdk() {
            @Override
            public String name() {
                return "io.sentry:sentry " + io.sentry.BuildConfig.VERSION_NAME;
            }

            @Override
            public void start(String dsn) {
                Sentry.init(options -> {
                    options.setDsn(dsn);
                    options.setTracesSampleRate(1.0);
                    options.setServerName("bench");
                    options.setShutdownTimeoutMillis(SHUTDOWN.toMillis());
                    options.setFlushTimeoutMillis(SHUTDOWN.toMillis());
                    options.setSendClientReports(false);
                });
            }

            @Override
            public void trace() {
                ITransaction transaction = Sentry.startTransaction("GET /orders/{id}", "http.server");
                for (int i = 1; i < SPANS_PER_TRACE; i++) {
                    transaction.startChild("function", "step").finish();
                }
                transaction.finish();
            }

            @Override
            public void close() {
                Sentry.close();
            }

            @Override
            public long counted() {
                return -1;
            }
        };
    }
}
