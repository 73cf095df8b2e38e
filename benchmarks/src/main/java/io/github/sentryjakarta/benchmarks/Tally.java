package io.github.sentryjakarta.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Book-keeping shared by the benchmarks, outside the measured code, printed at the end of each trial:
 * <ul>
 * <li>how many spans the benchmark threads ended (children and parents), to compare with what reached the
 * sink;</li>
 * <li>bytes the benchmark threads themselves allocated per operation. JMH's {@code gc.alloc.rate.norm}
 * divides the allocations of <em>every</em> thread of the JVM by the operations, so it also charges
 * exporters, span-buffer workers and, with a receiver in the same JVM, JSON encoding, gzip and the HTTP
 * server;</li>
 * <li>CPU time per operation, of the benchmark threads and of the whole process (all threads: background
 * workers, GC, JIT). Unlike JMH's wall-clock score it does not grow when other processes compete for the
 * cores.</li>
 * </ul>
 * All per-operation figures cover the measurement iterations only.
 */
final class Tally {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    final LongAdder ended = new LongAdder();
    private final LongAdder measuredOps = new LongAdder();
    private final LongAdder measuredBytes = new LongAdder();
    private final LongAdder measuredThreadCpu = new LongAdder();
    private final LongAdder measuredProcessCpu = new LongAdder();
    private long processCpuAtStart;

    /** From a {@code Scope.Benchmark} state's iteration setup. */
    void iterationBegin() {
        processCpuAtStart = OS.getProcessCpuTime();
    }

    /** From a {@code Scope.Benchmark} state's iteration teardown. */
    void iterationEnd(IterationParams iteration) {
        if (iteration.getType() == IterationType.MEASUREMENT) {
            measuredProcessCpu.add(OS.getProcessCpuTime() - processCpuAtStart);
        }
    }

    /** Per benchmark thread and iteration. */
    static final class Meter {
        private long startBytes;
        private long startCpu;
        private long startOps;

        void begin(long ops) {
            startOps = ops;
            startCpu = THREADS.getCurrentThreadCpuTime();
            startBytes = THREADS.getCurrentThreadAllocatedBytes();
        }

        void end(long ops, IterationParams iteration, Tally tally) {
            long bytes = THREADS.getCurrentThreadAllocatedBytes() - startBytes;
            long cpu = THREADS.getCurrentThreadCpuTime() - startCpu;
            if (iteration.getType() == IterationType.MEASUREMENT) {
                tally.measuredOps.add(ops - startOps);
                tally.measuredBytes.add(bytes);
                tally.measuredThreadCpu.add(cpu);
            }
        }
    }

    String summary() {
        double ops = measuredOps.sum();
        return String.format("spans ended=%d; per op in measurement: benchmark-thread alloc=%.1f B,"
                        + " benchmark-thread CPU=%.1f ns, process CPU (all threads)=%.1f ns",
                ended.sum(), measuredBytes.sum() / ops, measuredThreadCpu.sum() / ops, measuredProcessCpu.sum() / ops);
    }
}
