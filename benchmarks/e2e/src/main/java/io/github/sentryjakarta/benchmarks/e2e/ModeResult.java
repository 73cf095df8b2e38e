package io.github.sentryjakarta.benchmarks.e2e;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one {@link Mode} measured: saturation throughput, the paced phases by load level (or the one fixed-rate
 * phase, under level 1.0), CPU microseconds per request by {@link ThreadCpu.Group} then their total, and the spans
 * created, received and dropped (by reason) over the whole run and, at a fixed rate, in the phase.
 */
final class ModeResult {
    final Mode mode;
    double saturation;
    double[] saturationCpu;
    double[] pacedCpu;
    /** The receiver JVM's CPU µs per request served, over the paced phases and at saturation. */
    double receiverPacedCpu;
    double receiverSaturationCpu;
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

    ModeResult(Mode mode) {
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
