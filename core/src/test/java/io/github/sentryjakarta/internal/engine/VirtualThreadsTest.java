package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.testing.InMemorySpanProcessor;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.span.SpanData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sentryjakarta.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Servers increasingly run requests on virtual threads (Java 21+). The library targets release 17, so the
 * executor is looked up reflectively; on 17 the test is skipped, and CI runs it on a newer JDK.
 */
class VirtualThreadsTest {

    @Test
    void eachVirtualThreadSeesOnlyItsOwnSpans() throws Exception {
        ExecutorService executor;
        try {
            executor = (ExecutorService) java.util.concurrent.Executors.class
                    .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (NoSuchMethodException e) {
            assumeTrue(false, "virtual threads need Java 21+");
            return;
        }
        InMemorySpanProcessor processor = new InMemorySpanProcessor();
        SentryRuntime runtime = processor.runtime(SentryOptions.builder().tracesSampleRate(1.0));
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 2_000; i++) {
                results.add(executor.submit(() -> {
                    boolean ok = runtime.currentSpan().isEmpty();
                    try (Span root = runtime.startSpan("root")) {
                        Thread.yield();
                        try (Span child = runtime.startSpan("child")) {
                            Thread.yield();
                            ok &= runtime.currentSpan().orElseThrow() == child;
                        }
                        ok &= runtime.currentSpan().orElseThrow() == root;
                    }
                    return ok && runtime.currentSpan().isEmpty();
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            executor.shutdownNow();
        }
        Map<String, SpanData> roots = processor.spans().stream().filter(SpanData::isSegment)
                .collect(Collectors.toMap(SpanData::spanId, Function.identity()));
        assertThat(roots).hasSize(2_000);
        assertThat(processor.spans()).filteredOn(s -> !s.isSegment())
                .allSatisfy(child -> assertThat(roots.get(child.parentSpanId()).traceId()).isEqualTo(child.traceId()));
    }
}
