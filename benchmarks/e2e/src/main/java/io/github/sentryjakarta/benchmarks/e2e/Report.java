package io.github.sentryjakarta.benchmarks.e2e;

import java.util.List;
import java.util.Locale;

/**
 * The benchmark's markdown tables, from the {@link ModeResult}s of one run: for a full or quick run, throughput
 * and latency, CPU per request by thread group, and the span accounting; for a fixed-rate run, one row per mode
 * with that phase's delivery.
 */
final class Report {

    private final String header;

    /**
     * @param target  where the application ran ({@link Target#name()})
     * @param started the load average when the run started
     */
    Report(String target, String started) {
        this.header = "Target: " + target + "; load average " + started + " at start";
    }

    /** @return the tables of a run with saturation and paced phases at {@code levels} of the first mode's capacity */
    String full(List<ModeResult> results, boolean quick, double seconds, String saturatedBy, double[] levels) {
        ModeResult base = results.get(0);
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%s. %s run, %.0f s per measured phase, saturation by %s%n%n",
                header, quick ? "Quick" : "Full", seconds, saturatedBy));
        md.append(String.format(Locale.ROOT,
                "Paced (open-loop, 32 connections) at 25 / 50 / 90 %% of %.0f req/s (%s at saturation); latency in ms from each request's due time.%n%n",
                base.saturation, base.mode.label));
        md.append("| mode | saturation req/s | × first | p50 / p99 @ 25 % | p50 / p99 @ 50 % | p50 / p99 @ 90 % | p99 @ 50 % × first | load before → after |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (ModeResult r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f |", r.mode.label, r.saturation, r.saturation / base.saturation));
            for (double level : levels) {
                PacedLoad.Result p = r.paced.get(level);
                md.append(String.format(Locale.ROOT, " %.2f / %.2f |", p.percentile(0.5) / 1000.0, p.percentile(0.99) / 1000.0));
            }
            md.append(String.format(Locale.ROOT, " %.2f | %s → %s |%n",
                    (double) r.paced.get(0.5).percentile(0.99) / base.paced.get(0.5).percentile(0.99), r.loadBefore, r.loadAfter));
        }
        md.append("\nApplication CPU per request, µs (ThreadMXBean per thread; JVM = process CPU minus Java threads: GC, JIT), over the three paced phases; at saturation in the last columns; the receiver JVM's CPU per request (on the same cores) last, paced / at saturation:\n\n");
        md.append("| mode | request threads | library threads | other Java threads | JVM (GC, JIT) | total | added vs first | total at saturation | added at saturation | receiver JVM |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        int total = base.pacedCpu.length - 1;
        for (ModeResult r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %+.1f | %.1f | %+.1f | %.1f / %.1f |%n",
                    r.mode.label, r.pacedCpu[0], r.pacedCpu[1], r.pacedCpu[2], r.pacedCpu[3], r.pacedCpu[total],
                    r.pacedCpu[total] - base.pacedCpu[total], r.saturationCpu[total],
                    r.saturationCpu[total] - base.saturationCpu[total], r.receiverPacedCpu, r.receiverSaturationCpu));
        }
        md.append("\nSpans: created (6 per request served) = received + dropped (client reports, category span):\n\n");
        accounting(md, results);
        return md.toString();
    }

    /** @return the tables of a run with one paced phase at {@code rate} per mode */
    String fixedRate(List<ModeResult> results, double rate, double seconds, double warmupSeconds) {
        ModeResult base = results.get(0);
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%s. Fixed rate: %.0f req/s paced for %.0f s after a %.0f s warm-up at saturation%n%n",
                header, rate, seconds, warmupSeconds));
        md.append("| mode | p50 / p99 ms | request threads µs | library threads µs | JVM (GC, JIT) µs | total µs | added vs first µs | receiver JVM µs | spans created in phase | received | dropped | load before → after |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        int total = base.pacedCpu.length - 1;
        for (ModeResult r : results) {
            PacedLoad.Result p = r.paced.get(1.0);
            md.append(String.format(Locale.ROOT, "| %s | %.2f / %.2f | %.1f | %.1f | %.1f | %.1f | %+.1f | %.1f | %d | %d | %d | %s → %s |%n",
                    r.mode.label, p.percentile(0.5) / 1000.0, p.percentile(0.99) / 1000.0, r.pacedCpu[0], r.pacedCpu[1],
                    r.pacedCpu[3], r.pacedCpu[total], r.pacedCpu[total] - base.pacedCpu[total], r.receiverPacedCpu, r.phaseCreated,
                    r.phaseReceived, r.phaseDropped, r.loadBefore, r.loadAfter));
        }
        md.append("\nWhole run (warm-up included): spans created = received + dropped\n\n");
        accounting(md, results);
        return md.toString();
    }

    private static void accounting(StringBuilder md, List<ModeResult> results) {
        md.append("| mode | created | received | dropped (by reason) | unaccounted |\n|---|---:|---:|---|---:|\n");
        for (ModeResult r : results) {
            if (r.mode.countsSpans()) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %d |%n", r.mode.label, r.created, r.received,
                        r.dropped.isEmpty() ? "0" : r.dropped.toString(), r.unaccounted()));
            }
        }
    }
}
