package io.github.sentryjakarta.benchmarks.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The end-to-end benchmark's driver: starts a {@link ReceiverProcess} JVM, then for each {@link Mode} an
 * application JVM ({@link LoadApp}), warms it up, finds its saturation throughput ({@code wrk}, or the
 * closed-loop {@link PacedLoad} without it), runs {@link PacedLoad} at 25, 50 and 90 % of the capacity of the
 * first mode (the application without the library), reads the application's CPU per thread group around
 * each phase, stops it (the library flushes) and checks that every span created was received or counted as
 * dropped. Prints markdown tables and exits with 1 if a span is unaccounted for or a JVM failed.
 *
 * <p>Arguments: {@code --quick} (a short run for CI: 1 s phases, modes {@code rate0.1,stream,static} unless
 * given), {@code --modes=off,disabled,rate0,rate0.1,stream,static} (the default),
 * {@code --wrk=auto|yes|no}, {@code --seconds=N} (each measured phase), {@code --out=DIR} (logs and results),
 * {@code --rate=N}: instead of saturation and the three load levels, one paced phase at N req/s, low enough
 * for the transport to deliver everything, with the spans created, delivered and dropped in that phase.
 */
public final class LoadBenchmark {

    static final int SPANS_PER_REQUEST = 6;
    private static final String PATH = "/orders/42";
    private static final double[] LOAD_LEVELS = {0.25, 0.5, 0.9};
    private static final Pattern WRK_RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern WRK_NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+([0-9]+)");

    private final boolean quick;
    private final List<Mode> modes;
    private final boolean wrk;
    private final double seconds;
    private final double warmupSeconds;
    private final Path out;
    /** With {@code --rate=N}: one paced phase at N req/s after the warm-up, with the delivery in that phase. */
    private final double fixedRate;
    private final List<String> problems = new ArrayList<>();

    private LoadBenchmark(boolean quick, List<Mode> modes, boolean wrk, double seconds, Path out, double fixedRate) {
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
        Double seconds = null;
        Path out = Path.of("target", "e2e");
        double rate = 0;
        for (String arg : args) {
            if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.startsWith("--modes=")) {
                modes = arg.substring(8);
            } else if (arg.startsWith("--wrk=")) {
                wrk = arg.substring(6);
            } else if (arg.startsWith("--seconds=")) {
                seconds = Double.parseDouble(arg.substring(10));
            } else if (arg.startsWith("--rate=")) {
                rate = Double.parseDouble(arg.substring(7));
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
        List<Mode> list = Arrays.stream(modes.split(",")).map(String::trim).map(Mode::parse).toList();
        LoadBenchmark benchmark = new LoadBenchmark(quick, list, useWrk,
                seconds != null ? seconds : quick ? 1 : 10, out, rate);
        System.exit(benchmark.run() ? 0 : 1);
    }

    private boolean run() throws Exception {
        String classpath = System.getProperty("java.class.path");
        String withoutLibrary = Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> !isLibrary(entry)).collect(Collectors.joining(File.pathSeparator));
        List<String> jvm = List.of("-Xms512m", "-Xmx512m");
        List<Result> results = new ArrayList<>();
        String started = loadAverage();
        try (JvmProcess receiver = new JvmProcess("receiver", classpath, jvm, ReceiverProcess.class.getName(),
                out.resolve("receiver.log"))) {
            String dsn = receiver.await("READY");
            double capacity = 0;
            for (Mode mode : modes) {
                receiver.ask("reset", "RESET");
                Result result = measure(mode, mode.withLibrary() ? classpath : withoutLibrary, jvm, dsn, capacity,
                        receiver);
                if (capacity == 0) {
                    capacity = result.saturation;
                }
                results.add(result);
                System.out.println(result.summaryLine());
            }
            receiver.send("stop");
        }
        String report = fixedRate > 0 ? reportFixedRate(results, started) : report(results, started);
        System.out.println();
        System.out.println(report);
        Files.writeString(out.resolve("results.md"), report);
        problems.forEach(p -> System.out.println("PROBLEM: " + p));
        return problems.isEmpty();
    }

    private Result measure(Mode mode, String classpath, List<String> jvm, String dsn, double capacity,
            JvmProcess receiver) throws Exception {
        List<String> options = new ArrayList<>(jvm);
        options.addAll(mode.systemProperties(dsn));
        Result result = new Result(mode);
        result.loadBefore = loadAverage();
        try (JvmProcess app = new JvmProcess("application (" + mode.label + ")", classpath, options,
                LoadApp.class.getName(), out.resolve("app-" + mode.name().toLowerCase(Locale.ROOT) + ".log"))) {
            int port = Integer.parseInt(app.await("READY"));
            saturate(port, warmupSeconds);
            if (fixedRate > 0) {
                measureFixedRate(mode, app, port, receiver, result);
                long served = Long.parseLong(app.ask("stop", "STOPPED"));
                result.created = mode.countsSpans() ? served * SPANS_PER_REQUEST : 0;
                if (mode.countsSpans()) {
                    account(result, receiver);
                }
                result.loadAfter = loadAverage();
                return result;
            }
            long[] before = stats(app);
            result.saturation = saturate(port, seconds);
            long[] after = stats(app);
            result.saturationCpu = perRequest(before, after);
            double reference = capacity > 0 ? capacity : result.saturation;
            long[] first = null;
            long[] last = null;
            for (double level : LOAD_LEVELS) {
                long[] s0 = stats(app);
                PacedLoad.Result paced = PacedLoad.run(port, PATH, reference * level, 32, seconds);
                long[] s1 = stats(app);
                first = first == null ? s0 : first;
                last = s1;
                result.paced.put(level, paced);
                if (paced.errors() > 0) {
                    problems.add(mode.label + ": " + paced.errors() + " failed requests at "
                            + (int) (level * 100) + " %");
                }
            }
            result.pacedCpu = perRequest(first, last);
            long served = Long.parseLong(app.ask("stop", "STOPPED"));
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
    private void measureFixedRate(Mode mode, JvmProcess app, int port, JvmProcess receiver, Result result)
            throws IOException, InterruptedException {
        long[] s0 = stats(app);
        long[] r0 = settle(mode, s0[0], receiver);
        PacedLoad.Result paced = PacedLoad.run(port, PATH, fixedRate, 32, seconds);
        long[] s1 = stats(app);
        long[] r1 = settle(mode, s1[0], receiver);
        result.paced.put(1.0, paced);
        result.pacedCpu = perRequest(s0, s1);
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

    private String reportFixedRate(List<Result> results, String started) {
        Result base = results.get(0);
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Fixed rate: %.0f req/s paced for %.0f s after a %.0f s warm-up at saturation; "
                + "load average %s at start%n%n", fixedRate, seconds, warmupSeconds, started));
        md.append("| mode | p50 / p99 ms | request threads µs | library threads µs | JVM (GC, JIT) µs | total µs | added vs first µs | spans created in phase | received | dropped | load before → after |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        int total = base.pacedCpu.length - 1;
        for (Result r : results) {
            PacedLoad.Result p = r.paced.get(1.0);
            md.append(String.format(Locale.ROOT, "| %s | %.2f / %.2f | %.1f | %.1f | %.1f | %.1f | %+.1f | %d | %d | %d | %s → %s |%n",
                    r.mode.label, p.percentile(0.5) / 1000.0, p.percentile(0.99) / 1000.0, r.pacedCpu[0], r.pacedCpu[1],
                    r.pacedCpu[3], r.pacedCpu[total], r.pacedCpu[total] - base.pacedCpu[total], r.phaseCreated,
                    r.phaseReceived, r.phaseDropped, r.loadBefore, r.loadAfter));
        }
        md.append("\nWhole run (warm-up included): spans created = received + dropped\n\n");
        md.append("| mode | created | received | dropped (by reason) | unaccounted |\n|---|---:|---:|---|---:|\n");
        for (Result r : results) {
            if (r.mode.countsSpans()) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %d |%n", r.mode.label, r.created, r.received,
                        r.dropped.isEmpty() ? "0" : r.dropped.toString(), r.unaccounted()));
            }
        }
        return md.toString();
    }

    /** Waits until the receiver has seen every created span as received or dropped (the app flushed already). */
    private void account(Result result, JvmProcess receiver) throws IOException, InterruptedException {
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
    private double saturate(int port, double duration) throws IOException, InterruptedException {
        if (!wrk) {
            return PacedLoad.run(port, PATH, 0, 16, duration).requestsPerSecond();
        }
        Process process = new ProcessBuilder("wrk", "-t2", "-c32", "-d" + Math.max(1, Math.round(duration)) + "s",
                "http://127.0.0.1:" + port + PATH).redirectErrorStream(true).start();
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

    /** @return served requests, then CPU nanoseconds per {@link ThreadCpu.Group} */
    private static long[] stats(JvmProcess app) throws IOException {
        return Arrays.stream(app.ask("stats", "STATS").split(" ")).mapToLong(Long::parseLong).toArray();
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

    private String report(List<Result> results, String started) {
        Result base = results.get(0);
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%s run, %.0f s per measured phase, saturation by %s, load average %s at start%n%n",
                quick ? "Quick" : "Full", seconds, wrk ? "wrk -t2 -c32" : "the closed-loop client (16 connections)",
                started));
        md.append(String.format(Locale.ROOT,
                "Paced (open-loop, 32 connections) at 25 / 50 / 90 %% of %.0f req/s (%s at saturation); latency in ms from each request's due time.%n%n",
                base.saturation, base.mode.label));
        md.append("| mode | saturation req/s | × first | p50 / p99 @ 25 % | p50 / p99 @ 50 % | p50 / p99 @ 90 % | p99 @ 50 % × first | load before → after |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Result r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f |", r.mode.label, r.saturation, r.saturation / base.saturation));
            for (double level : LOAD_LEVELS) {
                PacedLoad.Result p = r.paced.get(level);
                md.append(String.format(Locale.ROOT, " %.2f / %.2f |", p.percentile(0.5) / 1000.0, p.percentile(0.99) / 1000.0));
            }
            md.append(String.format(Locale.ROOT, " %.2f | %s → %s |%n",
                    (double) r.paced.get(0.5).percentile(0.99) / base.paced.get(0.5).percentile(0.99), r.loadBefore, r.loadAfter));
        }
        md.append("\nApplication CPU per request, µs (ThreadMXBean per thread; JVM = process CPU minus Java threads: GC, JIT), over the three paced phases; at saturation in the last columns:\n\n");
        md.append("| mode | request threads | library threads | other Java threads | JVM (GC, JIT) | total | added vs first | total at saturation | added at saturation |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        int total = base.pacedCpu.length - 1;
        for (Result r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %+.1f | %.1f | %+.1f |%n", r.mode.label,
                    r.pacedCpu[0], r.pacedCpu[1], r.pacedCpu[2], r.pacedCpu[3], r.pacedCpu[total],
                    r.pacedCpu[total] - base.pacedCpu[total], r.saturationCpu[total],
                    r.saturationCpu[total] - base.saturationCpu[total]));
        }
        md.append("\nSpans: created (6 per request served) = received + dropped (client reports, category span):\n\n");
        md.append("| mode | created | received | dropped (by reason) | unaccounted |\n|---|---:|---:|---|---:|\n");
        for (Result r : results) {
            if (!r.mode.countsSpans()) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %d |%n", r.mode.label, r.created, r.received,
                    r.dropped.isEmpty() ? "0" : r.dropped.toString(), r.unaccounted()));
        }
        return md.toString();
    }

    private static boolean isLibrary(String entry) {
        String e = entry.replace('\\', '/');
        return e.matches(".*/sentry-jakarta-(core|config|cdi|jaxrs)[^/]*\\.jar")
                || e.matches(".*/(core|config|cdi-extension|jaxrs-filter)/target/classes/?");
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

    /** What one mode measured. */
    private static final class Result {
        final Mode mode;
        double saturation;
        double[] saturationCpu;
        double[] pacedCpu;
        final Map<Double, PacedLoad.Result> paced = new LinkedHashMap<>();
        long created;
        long received;
        long phaseCreated;
        long phaseReceived;
        long phaseDropped;
        int rejected;
        final Map<String, Long> dropped = new TreeMap<>();
        String loadBefore;
        String loadAfter;

        Result(Mode mode) {
            this.mode = mode;
        }

        long droppedTotal() {
            return dropped.values().stream().mapToLong(Long::longValue).sum();
        }

        long unaccounted() {
            return mode.countsSpans() ? created - received - droppedTotal() : 0;
        }

        String summaryLine() {
            PacedLoad.Result half = paced.containsKey(0.5) ? paced.get(0.5) : paced.get(1.0);
            return String.format(Locale.ROOT, "[e2e %s] saturation %.0f req/s; @50%%: p50 %.2f ms, p99 %.2f ms; CPU %.1f µs/request;"
                    + " spans created %d, received %d, dropped %s, unaccounted %d", mode.label, saturation,
                    half.percentile(0.5) / 1000.0, half.percentile(0.99) / 1000.0, pacedCpu[pacedCpu.length - 1],
                    created, received, dropped, unaccounted());
        }
    }
}
