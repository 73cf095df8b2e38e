package io.github.sentryjakarta.benchmarks.e2e;

import io.github.sentryjakarta.benchmarks.e2e.app.LoadApplication;
import io.github.sentryjakarta.testreceiver.CountingReceiver;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ResourceConfig;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * What the request thread pays per request of the end-to-end application ({@code GET /orders/{id}}: the server
 * span and five {@code @SentrySpan} beans), without a network in the way: Weld SE and Jersey's
 * {@link ApplicationHandler} called in process, so that the few microseconds of an unsampled request are not lost
 * in the noise of sockets, a load generator and a receiver on the same cores (see benchmarks/README.md, "fourth
 * round"). The modes: {@code off} (run with the library's jars left off the class path, as {@link #main} does),
 * {@code disabled} ({@code sentry.enabled=false}), {@code rate0} (every request unsampled) and {@code rate1} (every
 * request sampled and sent to an in-process {@link CountingReceiver}: the encoding and sending threads then share
 * the cores with the benchmark thread). Besides JMH's wall-clock score
 * it prints the benchmark thread's own CPU time and allocation per request over the measurement iterations: on a
 * shared machine the wall clock also counts the time other processes held the core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class RequestBenchmark {

    private static final URI BASE = URI.create("http://127.0.0.1/");
    private static final URI ORDER = URI.create("http://127.0.0.1/orders/42");
    // Kept referenced: java.util.logging holds loggers weakly.
    private static final Logger[] QUIET = {Logger.getLogger("org.jboss.weld"), Logger.getLogger("org.glassfish")};
    private static final com.sun.management.ThreadMXBean THREAD =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** off, disabled, rate0 or rate1 (see the class comment). */
    @Param({"rate0"})
    public String sentry;

    private CountingReceiver receiver;
    private long requests;
    private long cpuAtStart;
    private long bytesAtStart;
    private long measuredRequests;
    private long measuredCpu;
    private long measuredBytes;
    private WeldContainer weld;
    private ApplicationHandler handler;

    /**
     * Runs every mode with JMH's GC profiler: {@code off} in a JVM without the library's jars, the others with them.
     *
     * @param args more JMH options, e.g. {@code -wi 3 -i 3}
     */
    public static void main(String[] args) throws Exception {
        String classpath = System.getProperty("java.class.path");
        jmh(LibraryJars.removedFrom(classpath), "off", args);
        jmh(classpath, "disabled,rate0,rate1", args);
    }

    private static void jmh(String classpath, String modes, String[] args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", classpath, "org.openjdk.jmh.Main", RequestBenchmark.class.getSimpleName() + ".request",
                "-p", "sentry=" + modes, "-prof", "gc"));
        command.addAll(List.of(args));
        int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("JMH exited with " + exit + " for sentry=" + modes);
        }
    }

    /** Starts the receiver (when the library sends), configures the library, then Weld and Jersey. */
    @Setup
    public void start() {
        for (Logger logger : QUIET) {
            logger.setLevel(java.util.logging.Level.WARNING);
        }
        if (!sentry.equals("off")) {
            receiver = new CountingReceiver(Duration.ZERO);
            System.setProperty("sentry.dsn", receiver.dsn());
            System.setProperty("sentry.environment", "benchmark");
            System.setProperty("sentry.release", "e2e@1");
            switch (sentry) {
                case "disabled" -> System.setProperty("sentry.enabled", "false");
                case "rate0" -> System.setProperty("sentry.traces-sample-rate", "0.0");
                case "rate1" -> System.setProperty("sentry.traces-sample-rate", "1.0");
                default -> throw new IllegalArgumentException("sentry=" + sentry + ": off, disabled, rate0 or rate1");
            }
        }
        weld = new Weld("sentry-jakarta-request-benchmark").initialize();
        handler = new ApplicationHandler(ResourceConfig.forApplicationClass(LoadApplication.class));
    }

    /** Notes this thread's CPU time and allocation when an iteration starts. */
    @Setup(Level.Iteration)
    public void iterationBegin() {
        requests = 0;
        cpuAtStart = THREAD.getCurrentThreadCpuTime();
        bytesAtStart = THREAD.getCurrentThreadAllocatedBytes();
    }

    /** Adds a measurement iteration's requests, CPU time and allocation to the trial's. */
    @TearDown(Level.Iteration)
    public void iterationEnd(IterationParams iteration) {
        if (iteration.getType() == IterationType.MEASUREMENT) {
            measuredCpu += THREAD.getCurrentThreadCpuTime() - cpuAtStart;
            measuredBytes += THREAD.getCurrentThreadAllocatedBytes() - bytesAtStart;
            measuredRequests += requests;
        }
    }

    /**
     * Stops Weld (the library flushes what is buffered, and its last client report counts the unsampled spans),
     * then fails the run if an enabled library sent nothing: the figures would then be of an application without it.
     */
    @TearDown
    public void stop() {
        System.out.printf("%nsentry=%s: benchmark thread per request: %.0f ns CPU, %.0f B allocated%n", sentry,
                (double) measuredCpu / measuredRequests, (double) measuredBytes / measuredRequests);
        weld.shutdown();
        if (receiver != null) {
            long envelopes = receiver.envelopes();
            receiver.close();
            if (!sentry.equals("disabled") && envelopes == 0) {
                throw new IllegalStateException("sentry=" + sentry + " but the library sent nothing");
            }
            System.out.printf("sentry=%s: %d envelopes, %d spans received%n", sentry, envelopes, receiver.spans());
        }
    }

    /** @return the answer's length, so that nothing is optimised away */
    @Benchmark
    public int request() throws Exception {
        requests++;
        ContainerRequest request = new ContainerRequest(BASE, ORDER, "GET", null, new MapPropertiesDelegate(),
                handler.getConfiguration());
        ByteArrayOutputStream body = new ByteArrayOutputStream(64);
        int status = handler.apply(request, body).get().getStatus();
        if (status != 200) {
            throw new IllegalStateException("GET /orders/42 answered " + status);
        }
        return body.size();
    }
}
