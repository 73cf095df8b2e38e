package io.github.sentryjakarta.benchmarks.e2e;

import io.github.sentryjakarta.testing.SelfSignedKeyStore;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The end-to-end benchmark's driver: starts a {@link ReceiverProcess} JVM, then for each {@link Mode} the
 * application on its {@link Target}, warms it up, finds its saturation throughput ({@code wrk}, or the
 * closed-loop {@link PacedLoad} without it), runs {@link PacedLoad} at 25, 50 and 90 % of the capacity of the
 * first mode (the application without the library), reads the application's CPU per thread group around
 * each phase, stops it (the library flushes) and checks that every span created was received or counted as
 * dropped. Prints markdown tables ({@link Report}) and exits with 1 if a span is unaccounted for or a process
 * failed.
 *
 * <p>Arguments: {@code --target=grizzly|wildfly} (grizzly, the default: {@link GrizzlyTarget}; wildfly:
 * {@link WildFlyTarget}), {@code --quick} (a short run for CI: 1 s phases, modes {@code rate0.1,stream,static}
 * unless given), {@code --modes=off,disabled,rate0,rate0.1,stream,static} (the default),
 * {@code --wrk=auto|yes|no}, {@code --seconds=N} (each measured phase), {@code --out=DIR} (logs and results),
 * {@code --rate=N}: instead of saturation and the three load levels, one paced phase at N req/s, low enough
 * for the transport to deliver everything, with the spans created, delivered and dropped in that phase;
 * {@code --receiver=counting|strict|https} (see {@link ReceiverProcess}; counting, the default, takes the least
 * of the cores the application shares with it, strict checks every envelope, https counts as counting does but
 * over TLS as sentry.io is reached, the application trusting its certificate; grizzly target only).
 */
public final class LoadBenchmark {

    static final int SPANS_PER_REQUEST = 6;
    private static final double[] LOAD_LEVELS = {0.25, 0.5, 0.9};
    private static final Pattern WRK_RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern WRK_NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+([0-9]+)");

    private final Target target;
    private final boolean quick;
    private final List<Mode> modes;
    private final boolean wrk;
    private final double seconds;
    private final double warmupSeconds;
    private final Path out;
    private final String receiver;
    /** The application JVM's options that make it trust the receiver's certificate; none over {@code http://}. */
    private List<String> trust = List.of();
    /** With {@code --rate=N}: one paced phase at N req/s after the warm-up, with the delivery in that phase. */
    private final double fixedRate;
    private final List<String> problems = new ArrayList<>();

    private LoadBenchmark(Target target, boolean quick, List<Mode> modes, boolean wrk, double seconds, Path out,
            String receiver, double fixedRate) {
        this.target = target;
        this.receiver = receiver;
        this.fixedRate = fixedRate;
        this.quick = quick;
        this.modes = modes;
        this.wrk = wrk;
        this.seconds = seconds;
        this.warmupSeconds = quick ? 1 : 20; // the JIT needs long under load; quick runs check accounting only
        this.out = out;
    }

    /** @param args see the class comment */
    public static void main(String[] args) throws Exception {
        boolean quick = false;
        String modes = null;
        String wrk = "auto";
        String target = "grizzly";
        Double seconds = null;
        Path out = Path.of("target", "e2e");
        double rate = 0;
        String receiver = "counting";
        for (String arg : args) {
            if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.startsWith("--target=")) {
                target = arg.substring(9);
            } else if (arg.startsWith("--modes=")) {
                modes = arg.substring(8);
            } else if (arg.startsWith("--wrk=")) {
                wrk = arg.substring(6);
            } else if (arg.startsWith("--seconds=")) {
                seconds = Double.parseDouble(arg.substring(10));
            } else if (arg.startsWith("--rate=")) {
                rate = Double.parseDouble(arg.substring(7));
            } else if (arg.equals("--receiver=counting") || arg.equals("--receiver=strict")
                    || arg.equals("--receiver=https")) {
                receiver = arg.substring(11);
            } else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring(6));
            } else {
                throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        if (modes == null) {
            // A quick run checks the accounting (sampled, unsampled, both lifecycles) in three application starts.
            modes = quick ? "rate0.1,stream,static" : "off,disabled,rate0,rate0.1,stream,static";
        }
        boolean useWrk = switch (wrk) {
            case "yes" -> true;
            case "no" -> false;
            default -> onPath("wrk");
        };
        Files.createDirectories(out);
        String classpath = System.getProperty("java.class.path");
        Target where = switch (target) {
            case "grizzly" -> new GrizzlyTarget(classpath, out);
            case "wildfly" -> new WildFlyTarget(WildFlyTarget.unpackedHome(), classpath, out);
            default -> throw new IllegalArgumentException("unknown target " + target + " (allowed: grizzly, wildfly)");
        };
        List<Mode> list = Arrays.stream(modes.split(",")).map(String::trim).map(Mode::parse).toList();
        LoadBenchmark benchmark = new LoadBenchmark(where, quick, list, useWrk,
                seconds != null ? seconds : quick ? 1 : 10, out, receiver, rate);
        System.exit(benchmark.run(classpath) ? 0 : 1);
    }

    private boolean run(String classpath) throws Exception {
        List<ModeResult> results = new ArrayList<>();
        Report report = new Report(target.name() + ", " + this.receiver + " receiver", loadAverage());
        List<String> receiverOptions = new ArrayList<>(List.of("-Xms512m", "-Xmx512m", "-De2e.receiver=" + this.receiver));
        if (this.receiver.equals("https")) {
            SelfSignedKeyStore keys = SelfSignedKeyStore.create(Files.createDirectories(out.resolve("tls")));
            receiverOptions.add("-De2e.keystore=" + keys.path().toAbsolutePath());
            trust = List.of("-Djavax.net.ssl.trustStore=" + keys.path().toAbsolutePath(),
                    "-Djavax.net.ssl.trustStorePassword=" + SelfSignedKeyStore.PASSWORD,
                    "-Djavax.net.ssl.trustStoreType=PKCS12");
        }
        try (JvmProcess receiver = new JvmProcess("receiver", classpath, receiverOptions,
                ReceiverProcess.class.getName(), out.resolve("receiver.log"))) {
            String dsn = receiver.await("READY");
            double capacity = 0;
            for (Mode mode : modes) {
                receiver.ask("reset", "RESET");
                ModeResult result = measure(mode, dsn, capacity, receiver);
                if (capacity == 0) {
                    capacity = result.saturation;
                }
                results.add(result);
                System.out.println(result.summaryLine());
            }
            receiver.send("stop");
        }
        String tables = fixedRate > 0 ? report.fixedRate(results, fixedRate, seconds, warmupSeconds)
                : report.full(results, quick, seconds, wrk ? "wrk -t2 -c32" : "the closed-loop client (16 connections)",
                        LOAD_LEVELS);
        System.out.println();
        System.out.println(tables);
        Files.writeString(out.resolve("results.md"), tables);
        problems.forEach(p -> System.out.println("PROBLEM: " + p));
        return problems.isEmpty();
    }

    private ModeResult measure(Mode mode, String dsn, double capacity, JvmProcess receiver) throws Exception {
        ModeResult result = new ModeResult(mode);
        result.loadBefore = loadAverage();
        try (Target.App app = target.start(mode, dsn, trust)) {
            saturate(app, warmupSeconds);
            if (fixedRate > 0) {
                measureFixedRate(mode, app, receiver, result);
            } else {
                long[] before = app.stats();
                long receiverBefore = receiverCpu(receiver);
                result.saturation = saturate(app, seconds);
                long[] after = app.stats();
                result.saturationCpu = perRequest(before, after);
                result.receiverSaturationCpu = perRequest(before, after, receiverCpu(receiver) - receiverBefore);
                long receiverFirst = receiverCpu(receiver);
                double reference = capacity > 0 ? capacity : result.saturation;
                long[] first = null;
                long[] last = null;
                for (double level : LOAD_LEVELS) {
                    long[] s0 = app.stats();
                    PacedLoad.Result paced = PacedLoad.run(app.port(), app.path(), reference * level, 32, seconds);
                    long[] s1 = app.stats();
                    first = first == null ? s0 : first;
                    last = s1;
                    result.paced.put(level, paced);
                    if (paced.errors() > 0) {
                        problems.add(mode.label + ": " + paced.errors() + " failed requests at "
                                + (int) (level * 100) + " %");
                    }
                }
                result.pacedCpu = perRequest(first, last);
                result.receiverPacedCpu = perRequest(first, last, receiverCpu(receiver) - receiverFirst);
            }
            long served = app.stop();
            result.created = mode.countsSpans() ? served * SPANS_PER_REQUEST : 0;
        }
        if (mode.countsSpans()) {
            account(result, receiver);
        }
        result.loadAfter = loadAverage();
        return result;
    }

    /**
     * One paced phase at {@link #fixedRate}, between two moments when every span created so far is accounted for
     * at the receiver, so that the phase's own spans delivered and dropped are known exactly.
     */
    private void measureFixedRate(Mode mode, Target.App app, JvmProcess receiver, ModeResult result)
            throws IOException, InterruptedException {
        long[] s0 = app.stats();
        long[] r0 = settle(mode, s0[0], receiver);
        long receiverBefore = receiverCpu(receiver);
        PacedLoad.Result paced = PacedLoad.run(app.port(), app.path(), fixedRate, 32, seconds);
        long[] s1 = app.stats();
        long receiverAfter = receiverCpu(receiver);
        long[] r1 = settle(mode, s1[0], receiver);
        result.paced.put(1.0, paced);
        result.pacedCpu = perRequest(s0, s1);
        result.receiverPacedCpu = perRequest(s0, s1, receiverAfter - receiverBefore);
        result.phaseCreated = mode.countsSpans() ? (s1[0] - s0[0]) * SPANS_PER_REQUEST : 0;
        result.phaseReceived = r1[0] - r0[0];
        result.phaseDropped = r1[1] - r0[1];
        if (paced.errors() > 0) {
            problems.add(mode.label + ": " + paced.errors() + " failed requests at " + fixedRate + " req/s");
        }
    }

    /** @return received and dropped spans once they account for every span of {@code served} requests (or after 60 s) */
    private long[] settle(Mode mode, long served, JvmProcess receiver) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            String[] totals = receiver.ask("totals", "TOTALS").split(" ");
            long received = Long.parseLong(totals[0]);
            long dropped = 0;
            for (int i = 2; i < totals.length; i++) {
                dropped += Long.parseLong(totals[i].split("=")[1]);
            }
            if (!mode.countsSpans() || received + dropped >= served * SPANS_PER_REQUEST
                    || System.nanoTime() - deadline > 0) {
                return new long[] {received, dropped};
            }
            Thread.sleep(200); // polling another process's counters; nothing to wait on
        }
    }

    /** Waits until the receiver has seen every created span as received or dropped (the app flushed already). */
    private void account(ModeResult result, JvmProcess receiver) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            String[] totals = receiver.ask("totals", "TOTALS").split(" ");
            result.received = Long.parseLong(totals[0]);
            result.rejected = Integer.parseInt(totals[1]);
            result.dropped.clear();
            for (int i = 2; i < totals.length; i++) {
                String[] kv = totals[i].split("=");
                result.dropped.put(kv[0], Long.parseLong(kv[1]));
            }
            if (result.unaccounted() == 0 || System.nanoTime() - deadline > 0) {
                break;
            }
            Thread.sleep(200); // polling another process's counters; nothing to wait on
        }
        if (result.unaccounted() != 0) {
            problems.add(result.mode.label + ": " + result.unaccounted() + " spans unaccounted (created "
                    + result.created + ", received " + result.received + ", dropped " + result.droppedTotal() + ")");
        }
        if (result.rejected > 0) {
            problems.add(result.mode.label + ": the receiver rejected " + result.rejected + " requests");
        }
    }

    /** @return requests per second at saturation, by wrk or the closed-loop generator */
    private double saturate(Target.App app, double duration) throws IOException, InterruptedException {
        if (!wrk) {
            return PacedLoad.run(app.port(), app.path(), 0, 16, duration).requestsPerSecond();
        }
        Process process = new ProcessBuilder("wrk", "-t2", "-c32", "-d" + Math.max(1, Math.round(duration)) + "s",
                "http://127.0.0.1:" + app.port() + app.path()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        Matcher rps = WRK_RPS.matcher(output);
        if (!rps.find()) {
            throw new IOException("wrk printed no Requests/sec:\n" + output);
        }
        Matcher non2xx = WRK_NON_2XX.matcher(output);
        if (non2xx.find()) {
            problems.add("wrk saw " + non2xx.group(1) + " responses that were not 2xx");
        }
        return Double.parseDouble(rps.group(1));
    }

    /** @return CPU microseconds per request for each group between two stats, then their total */
    private static double[] perRequest(long[] before, long[] after) {
        long requests = Math.max(1, after[0] - before[0]);
        double[] out = new double[after.length];
        double total = 0;
        for (int i = 1; i < after.length; i++) {
            out[i - 1] = (after[i] - before[i]) / 1000.0 / requests;
            total += out[i - 1];
        }
        out[after.length - 1] = total;
        return out;
    }

    /** @return the receiver JVM's CPU time so far, ns */
    private static long receiverCpu(JvmProcess receiver) throws IOException {
        return Long.parseLong(receiver.ask("cpu", "CPU"));
    }

    /** @return {@code nanos} in µs per request served between the two stats */
    private static double perRequest(long[] before, long[] after, long nanos) {
        return nanos / 1000.0 / Math.max(1, after[0] - before[0]);
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
