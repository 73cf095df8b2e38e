package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.testing.InMemorySpanProcessor;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.context.TraceSnapshot;
import io.github.sentryjakarta.internal.propagation.Ids;
import io.github.sentryjakarta.internal.span.PropagationContext;
import io.github.sentryjakarta.internal.span.SpanData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sentryjakarta.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * Requests served on virtual threads (as servers on Java 21+ do) that hand work to more virtual threads through
 * {@link TraceSnapshot#contextual}: one span tree per request, nothing left over between requests, and no
 * virtual thread pinned in the library's code (JFR's {@code jdk.VirtualThreadPinned}, threshold 0). Skipped on
 * Java 17; CI runs core's tests on Temurin 25.
 */
class VirtualThreadRequestsTest {

    private static final int REQUESTS = 400;
    private static final int TASKS = 3;

    @Test
    void eachRequestIsOneTreeAndTheLibraryPinsNoVirtualThread() throws Exception {
        ExecutorService server = virtualThreads();
        ExecutorService workers = TraceSnapshot.contextual(virtualThreads());
        InMemorySpanProcessor processor = new InMemorySpanProcessor();
        SentryRuntime runtime = processor.runtime(SentryOptions.builder().tracesSampleRate(1.0));
        Path jfr = Files.createTempFile("pinning", ".jfr");
        List<Future<String>> requests = new ArrayList<>();
        // Steady state: the first request initialises the library's classes, and a virtual thread waiting on another
        // thread's class initialisation pins its carrier, as it would for any class a server touches first.
        String warmUp = Ids.newTraceId();
        assertThat(server.submit(() -> serve(runtime, workers, warmUp)).get(60, TimeUnit.SECONDS)).isEqualTo("clean");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(java.time.Duration.ZERO).withStackTrace();
            recording.start();
            for (int i = 0; i < REQUESTS; i++) {
                String incoming = i % 2 == 0 ? Ids.newTraceId() : null;
                requests.add(server.submit(() -> serve(runtime, workers, incoming)));
            }
            for (Future<String> request : requests) {
                assertThat(request.get(60, TimeUnit.SECONDS)).isEqualTo("clean");
            }
            recording.stop();
            recording.dump(jfr);
        } finally {
            server.shutdownNow();
            workers.shutdownNow();
        }

        Map<String, List<SpanData>> traces = processor.spans().stream().filter(s -> !s.traceId().equals(warmUp))
                .collect(Collectors.groupingBy(SpanData::traceId));
        assertThat(traces).as("one trace per request").hasSize(REQUESTS);
        traces.forEach((trace, spans) -> {
            assertThat(spans).filteredOn(SpanData::isSegment).as("one root in %s", trace).hasSize(1);
            assertThat(spans).as("request, handler, %d tasks", TASKS).hasSize(2 + TASKS);
            Set<String> ids = spans.stream().map(SpanData::spanId).collect(Collectors.toSet());
            assertThat(spans).filteredOn(s -> !s.isSegment()).allSatisfy(s -> assertThat(ids).contains(s.parentSpanId()));
        });
        List<String> pinnedInLibrary = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
            if (event.getStackTrace() != null && !inJdkCriticalSection(event) && event.getStackTrace().getFrames().stream()
                    .map(RecordedFrame::getMethod)
                    .anyMatch(m -> m.getType().getName().startsWith("io.github.sentryjakarta.internal."))) {
                pinnedInLibrary.add(event.toString());
            }
        }
        Files.deleteIfExists(jfr);
        assertThat(pinnedInLibrary).as("virtual threads pinned in the library's code").isEmpty();
    }

    /**
     * Whether the JDK pinned the thread inside one of its own critical sections (Continuation.pin, which only
     * java.base can enter, e.g. while {@code VirtualThread.start} submits to the scheduler). Such a pin lands in any
     * stack that starts a virtual thread, ours included when a contextual executor submits, but no code of ours
     * holds it. HotSpot reports it as freeze result 2 ("Freeze or preempt failed (2)"), or by name.
     */
    private static boolean inJdkCriticalSection(RecordedEvent event) {
        if (!event.hasField("pinnedReason")) {
            return false;
        }
        String reason = String.valueOf(event.getString("pinnedReason"));
        return reason.endsWith("(2)") || reason.toLowerCase(Locale.ROOT).contains("critical section");
    }

    /** One request: a server span continuing {@code incoming}, a handler span, tasks on other virtual threads. */
    private static String serve(SentryRuntime runtime, ExecutorService workers, String incoming) throws Exception {
        if (runtime.currentSpan().isPresent() || PropagationContext.get() != null) {
            return "leftover state";
        }
        Map<String, String> headers = incoming == null ? Map.of() : Map.of("sentry-trace", incoming + "-" + Ids.hex(Ids.newSpanId()) + "-1");
        Span request = runtime.spanBuilder("GET /orders/{id}", headers::get).start();
        try (Span handler = runtime.startSpan("handler")) {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < TASKS; t++) {
                tasks.add(workers.submit(() -> {
                    try (Span task = runtime.startSpan("task")) {
                        Thread.yield();
                    }
                }));
            }
            for (Future<?> task : tasks) {
                task.get(30, TimeUnit.SECONDS);
            }
        }
        request.end();
        return runtime.currentSpan().isEmpty() && PropagationContext.get() == null ? "clean" : "leaked";
    }

    private static ExecutorService virtualThreads() throws Exception {
        try {
            return (ExecutorService) java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
                    .invoke(null);
        } catch (NoSuchMethodException e) {
            assumeTrue(false, "virtual threads need Java 21+");
            throw e;
        }
    }
}
