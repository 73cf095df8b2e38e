package io.github.sentryjakarta.internal.parity;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.SpanStatus;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic trace workload: a seeded {@link Random} chooses everything (trace and parent ids, nesting,
 * names, ops, attributes of every type, statuses), and nothing it chooses depends on the lifecycle, so two
 * runs with the same seed make the same calls on the public span API. Trace ids are injected by continuing a
 * seeded {@code sentry-trace} header per trace; span ids stay random, which is why comparisons go by
 * structure.
 */
final class Workload {

    private static final String[] SEGMENT_NAMES = {"GET /orders/{id}", "POST /orders", "GET /health",
        "PUT /users/{id}/address", "consume orders-topic", "nightly-report"};
    private static final String[] SEGMENT_OPS = {"http.server", "queue.process", "function"};
    private static final String[] SOURCES = {"route", "custom", "component", "task"};
    private static final String[] CHILD_NAMES = {"OrderService.find", "SELECT orders", "INSERT INTO audit",
        "render", "GET https://pricing.internal/quote", "cache.get", "validate", "Mapper.toDto"};
    private static final String[] CHILD_OPS = {"function", "db", "http.client", "cache.get", "serialize"};
    private static final String[] WORDS = {"alpha", "beta", "gamma", "ünïcødé ✓", "quote \" and \\ slash", ""};

    private final long seed;
    private final int traces;

    /** What the run produced, for waiting on the receiver. */
    record Result(List<String> traceIds, int segments, int spans) {
    }

    Workload(long seed, int traces) {
        this.seed = seed;
        this.traces = traces;
    }

    Result run(SentryRuntime runtime) {
        Random random = new Random(seed);
        List<String> traceIds = new ArrayList<>();
        int[] counts = new int[2]; // segments, spans
        for (int t = 0; t < traces; t++) {
            String traceId = String.format("%016x%016x", random.nextLong(), random.nextLong() | 1);
            String remoteParent = String.format("%016x", random.nextLong() | 1);
            traceIds.add(traceId);
            runtime.continueTrace(name -> "sentry-trace".equals(name) ? traceId + "-" + remoteParent + "-1" : null);
            int localRoots = random.nextInt(5) == 0 ? 2 : 1;
            for (int r = 0; r < localRoots; r++) {
                segment(runtime, random, counts);
            }
            runtime.clearThread();
        }
        return new Result(traceIds, counts[0], counts[1]);
    }

    private static void segment(SentryRuntime runtime, Random random, int[] counts) {
        Span segment = runtime.spanBuilder(pick(random, SEGMENT_NAMES)).noParent()
                .op(pick(random, SEGMENT_OPS))
                .attribute("sentry.segment.name.source", pick(random, SOURCES))
                .start();
        counts[0]++;
        counts[1]++;
        try (segment) {
            attributes(segment, random);
            children(runtime, random, 1, counts);
            status(segment, random);
        }
    }

    private static void children(SentryRuntime runtime, Random random, int depth, int[] counts) {
        int count = depth > 3 ? 0 : random.nextInt(4);
        for (int i = 0; i < count; i++) {
            counts[1]++;
            Span child;
            switch (random.nextInt(3)) {
                case 0 -> child = runtime.startSpan(pick(random, CHILD_NAMES));
                case 1 -> child = runtime.spanBuilder(pick(random, CHILD_NAMES)).op(pick(random, CHILD_OPS))
                        .attribute("builder.attribute", random.nextInt(100)).start();
                default -> {
                    child = runtime.startSpan("placeholder");
                    child.setName(pick(random, CHILD_NAMES) + " #" + random.nextInt(10));
                    child.setAttribute("sentry.op", pick(random, CHILD_OPS));
                }
            }
            try (child) {
                attributes(child, random);
                children(runtime, random, depth + 1, counts);
                status(child, random);
            }
        }
    }

    private static void attributes(Span span, Random random) {
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            String key = "attr." + random.nextInt(6);
            switch (random.nextInt(7)) {
                case 0 -> span.setAttribute(key, pick(random, WORDS));
                case 1 -> span.setAttribute(key, random.nextLong());
                // Fractional doubles: the static format cannot tell 2.0 from 2 after all.
                case 2 -> span.setAttribute(key, random.nextInt(10_000) / 8.0 + 0.125);
                case 3 -> span.setAttribute(key, random.nextBoolean());
                case 4 -> span.setAttribute(key, List.of(pick(random, WORDS), pick(random, WORDS)));
                case 5 -> span.setAttribute(key, List.of((long) random.nextInt(1000), (long) random.nextInt(1000)));
                default -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    map.put("map." + random.nextInt(3), pick(random, WORDS));
                    map.put("map.flag", random.nextBoolean());
                    span.setAttributes(map);
                }
            }
        }
        if (random.nextInt(6) == 0) {
            span.removeAttribute("attr." + random.nextInt(6));
        }
    }

    private static void status(Span span, Random random) {
        switch (random.nextInt(8)) {
            case 0 -> span.recordException(new IllegalStateException("boom"));
            case 1 -> span.setStatus(SpanStatus.ERROR);
            case 2 -> span.setStatus(SpanStatus.OK);
            default -> {
                // left as is
            }
        }
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
