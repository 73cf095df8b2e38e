package io.github.sentryjakarta.benchmarks;

import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The hot path's allocation per span, checked in CI: {@link SentryJakartaBenchmark#spanWith3Attributes} in
 * traces of five children, unsampled and sampled, must not allocate more bytes per span than the bounds below.
 * Time is not checked (CI machines are shared, so a timed bound would be flaky or meaningless), but allocation
 * per operation is steady across runs and loads, and it is what a change to what the JIT inlines moves first:
 * the engine split once let the span builder escape to the heap and cost 48 bytes per span unnoticed. The
 * bounds are the measured figures plus a margin smaller than such a regression; when a change lowers the
 * figures, lower the bounds with it.
 *
 * <p>Run with {@code java -cp benchmarks/target/benchmarks.jar io.github.sentryjakarta.benchmarks.AllocationGuard};
 * exits 1 when a bound is exceeded.
 */
public final class AllocationGuard {

    /** Bytes per unsampled span (measured 182: a span that records nothing still has ids and a scope). */
    static final double UNSAMPLED_BOUND = 200;
    /**
     * Bytes per sampled span, all threads (measured 425.5: the span, its attributes and its share of the trace;
     * 507–512 while an ended span was copied into a separate snapshot and attributes took two arrays).
     */
    static final double SAMPLED_BOUND = 450;

    private AllocationGuard() {
    }

    /**
     * @param args ignored
     * @throws RunnerException when JMH cannot run
     */
    public static void main(String[] args) throws RunnerException {
        boolean ok = check("0", UNSAMPLED_BOUND) & check("1.0", SAMPLED_BOUND);
        System.exit(ok ? 0 : 1);
    }

    private static boolean check(String sampleRate, double bound) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(SentryJakartaBenchmark.class.getName() + ".spanWith3Attributes$")
                .param("sink", "discard").param("childrenPerParent", "5").param("sampleRate", sampleRate)
                .forks(1).threads(1)
                .warmupIterations(5).warmupTime(TimeValue.seconds(1))
                .measurementIterations(4).measurementTime(TimeValue.seconds(1))
                .addProfiler(GCProfiler.class)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        boolean ok = true;
        for (RunResult run : results) {
            Result<?> perOp = run.getSecondaryResults().get("gc.alloc.rate.norm");
            if (perOp == null) {
                perOp = run.getSecondaryResults().get("·gc.alloc.rate.norm");
            }
            if (perOp == null) {
                System.out.println("ALLOCATION GUARD: no gc.alloc.rate.norm for sample rate " + sampleRate);
                return false;
            }
            // The lowest iteration: a regression shows in every iteration, while the span buffer's worker (whose
            // allocation is charged here too) or a late compilation can lift a single one on a loaded machine.
            double bytes = perOp.getStatistics().getMin();
            boolean within = bytes <= bound;
            System.out.printf(Locale.ROOT, "ALLOCATION GUARD: sample rate %s: %.1f B per span (bound %.0f) %s%n",
                    sampleRate, bytes, bound, within ? "ok" : "EXCEEDED");
            ok &= within;
        }
        return ok;
    }
}
