package io.github.sentryjakarta.benchmarks.e2e;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * CPU time of this JVM's threads, summed by what they do: request threads (Grizzly's selector and worker
 * threads, or Undertow's I/O and task threads in WildFly), the library's threads (span buffer, sender and the
 * sender's HTTP client), the other Java threads, and the rest of the process (GC and JIT threads, which are
 * not Java threads): process CPU minus the Java threads. A snapshot keeps every thread's time, so a delta counts threads that started in between in full
 * and loses only threads that died in between.
 */
final class ThreadCpu {

    /** What a thread does, from its name. */
    enum Group {
        REQUEST, LIBRARY, OTHER_JAVA, JVM;

        static Group of(String threadName) {
            if (threadName.startsWith("grizzly") || threadName.startsWith("default task-")
                    || threadName.startsWith("default I/O-")) {
                return REQUEST;
            }
            // The library's own threads; on WildFly the library takes them from the server's default
            // ManagedThreadFactory, which nothing else in this application uses.
            if (threadName.startsWith("sentry-jakarta") || threadName.startsWith("EE-ManagedThreadFactory-default-")) {
                return LIBRARY;
            }
            return OTHER_JAVA;
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadCpu() {
    }

    /** @return nanoseconds of CPU per thread id, and the process's total under key -1 */
    static Map<Long, long[]> snapshot() {
        Map<Long, long[]> out = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                out.put(info.getThreadId(), new long[] {cpu, Group.of(info.getThreadName()).ordinal()});
            }
        }
        out.put(-1L, new long[] {processCpuNanos(), Group.JVM.ordinal()});
        return out;
    }

    /**
     * @return what the application answers the driver: requests served, then CPU nanoseconds per {@link Group}
     *         since {@code start}, separated by spaces
     */
    static String report(long served, Map<Long, long[]> start) {
        StringBuilder out = new StringBuilder().append(served);
        delta(start, snapshot()).forEach((group, nanos) -> out.append(' ').append(nanos));
        return out.toString();
    }

    /** @return CPU nanoseconds per group between two snapshots */
    static Map<Group, Long> delta(Map<Long, long[]> before, Map<Long, long[]> after) {
        Map<Group, Long> out = new EnumMap<>(Group.class);
        for (Group g : Group.values()) {
            out.put(g, 0L);
        }
        long javaThreads = 0;
        for (Map.Entry<Long, long[]> e : after.entrySet()) {
            if (e.getKey() < 0) {
                continue;
            }
            long[] then = before.get(e.getKey());
            long d = e.getValue()[0] - (then == null ? 0 : then[0]);
            Group g = Group.values()[(int) e.getValue()[1]];
            out.merge(g, d, Long::sum);
            javaThreads += d;
        }
        long process = after.get(-1L)[0] - before.get(-1L)[0];
        out.put(Group.JVM, Math.max(0, process - javaThreads));
        return out;
    }

    /**
     * Read as an MBean attribute rather than through {@code com.sun.management.OperatingSystemMXBean}, which a
     * WildFly deployment's module cannot see.
     */
    private static long processCpuNanos() {
        try {
            return (Long) ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME), "ProcessCpuTime");
        } catch (JMException | RuntimeException e) {
            return -1;
        }
    }
}
