package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.testing.InMemorySpanProcessor;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.context.TraceSnapshot;
import io.github.sentryjakarta.internal.span.PropagationContext;
import io.github.sentryjakarta.internal.span.SpanData;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.Span;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Carrying the trace context by hand: captured where work is handed over, applied where it runs. */
class TraceSnapshotTest {

    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String PARENT = "b7ad6b7169203331";

    private final InMemorySpanProcessor processor = new InMemorySpanProcessor();
    private final SentryRuntime runtime = processor.runtime(SentryOptions.builder().tracesSampleRate(1.0));
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void clear() {
        runtime.clearThread();
        pool.shutdownNow();
    }

    @Test
    void wrappedTaskRunsAsChildOfTheSpanCurrentAtCaptureAndLeavesItsThreadAsItWas() throws Exception {
        Span request = runtime.startSpan("request");
        Runnable task = TraceSnapshot.capture().wrap(() -> runtime.startSpan("task").end());
        pool.submit(task).get(5, TimeUnit.SECONDS);
        request.end();

        assertThat(processor.named("task").parentSpanId()).isEqualTo(request.spanId());
        assertThat(processor.named("task").traceId()).isEqualTo(request.traceId());
        assertThat(pool.submit(runtime::currentSpan).get(5, TimeUnit.SECONDS)).as("nothing left on the pool thread").isEmpty();
        assertThat(pool.submit(() -> PropagationContext.get()).get(5, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void taskStartingAfterItsSpanEndedJoinsTheTraceAsALocalRootUnderThatSpan() throws Exception {
        runtime.continueTrace(Map.of("sentry-trace", TRACE + "-" + PARENT + "-1",
                "baggage", "sentry-trace_id=" + TRACE + ",sentry-sample_rand=0.5,sentry-environment=prod")::get);
        Span request = runtime.startSpan("request");
        runtime.newTrace();
        Callable<Map<String, String>> task = TraceSnapshot.capture().wrap(() -> {
            try (Span late = runtime.startSpan("late task")) {
                return runtime.propagationHeaders(late, "http://callee");
            }
        });
        request.end();

        Map<String, String> headers = pool.submit(task).get(5, TimeUnit.SECONDS);
        SpanData late = processor.named("late task");
        assertThat(late.isSegment()).as("its parent had ended: a local root").isTrue();
        assertThat(late.traceId()).isEqualTo(TRACE);
        assertThat(late.parentSpanId()).isEqualTo(request.spanId());
        assertThat(late.trace()).as("same sampling decision and DSC").isSameAs(processor.named("request").trace());
        assertThat(headers.get("sentry-trace")).isEqualTo(TRACE + "-" + late.spanId() + "-1");
        assertThat(headers.get("baggage")).contains("sentry-trace_id=" + TRACE, "sentry-sample_rand=0.5");
    }

    @Test
    void unsampledDecisionTravelsWithTheTask() throws Exception {
        runtime.continueTrace(Map.of("sentry-trace", TRACE + "-" + PARENT + "-0")::get);
        Span request = runtime.startSpan("request");
        Callable<Boolean> task = TraceSnapshot.capture().wrap(() -> {
            try (Span span = runtime.startSpan("task")) {
                return span.isSampled() || !span.traceId().equals(TRACE);
            }
        });
        request.end();
        assertThat(pool.submit(task).get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(processor.spans()).isEmpty();
    }

    @Test
    void emptySnapshotHidesWhatAPooledThreadStillHolds() throws Exception {
        Span stale = pool.submit(() -> runtime.startSpan("left on the pool thread")).get(5, TimeUnit.SECONDS);
        Callable<Optional<Span>> seen = TraceSnapshot.capture().wrap(runtime::currentSpan);
        assertThat(pool.submit(seen).get(5, TimeUnit.SECONDS)).isEmpty();
        Callable<Boolean> newTrace = TraceSnapshot.empty().wrap(() -> {
            try (Span root = runtime.startSpan("root")) {
                return !root.traceId().equals(stale.traceId());
            }
        });
        assertThat(pool.submit(newTrace).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.submit(runtime::currentSpan).get(5, TimeUnit.SECONDS)).as("restored after").containsSame(stale);
    }

    @Test
    void applyingOnTheCapturingThreadRestoresItsOwnStackExactly() {
        Span outer = runtime.startSpan("outer");
        Span inner = runtime.startSpan("inner");
        TraceSnapshot atOuter = TraceSnapshot.of(outer);
        TraceSnapshot.Restorer restorer = atOuter.apply();
        assertThat(runtime.currentSpan()).containsSame(outer);
        runtime.startSpan("nested").end();
        restorer.restore();
        assertThat(runtime.currentSpan()).containsSame(inner);
        inner.end();
        assertThat(runtime.currentSpan()).containsSame(outer);
        outer.end();
        assertThat(processor.named("nested").parentSpanId()).isEqualTo(outer.spanId());
    }

    @Test
    void contextualExecutorServiceCapturesAtEachSubmission() throws Exception {
        ExecutorService traced = TraceSnapshot.contextual(pool);
        assertThat(TraceSnapshot.contextual(traced)).as("not wrapped twice").isSameAs(traced);
        Future<?> first;
        try (Span a = runtime.startSpan("a")) {
            first = traced.submit(() -> runtime.startSpan("under a").end());
        }
        List<Future<String>> all;
        try (Span b = runtime.startSpan("b")) {
            all = traced.invokeAll(List.of(() -> runtime.currentSpan().map(Span::spanId).orElse("none"),
                    () -> runtime.currentSpan().map(Span::spanId).orElse("none")));
        }
        first.get(5, TimeUnit.SECONDS);
        String b = processor.named("b").spanId();
        assertThat(all).allSatisfy(f -> assertThat(f.get()).isEqualTo(b));
        assertThat(processor.named("under a").parentSpanId()).isEqualTo(processor.named("a").spanId());
        try (Span c = runtime.startSpan("c")) {
            CompletableFuture<String> viaCompletableFuture = CompletableFuture.supplyAsync(
                    () -> runtime.currentSpan().map(Span::spanId).orElse("none"), TraceSnapshot.contextual((Executor) pool));
            assertThat(viaCompletableFuture.get(5, TimeUnit.SECONDS)).isEqualTo(c.spanId());
        }
    }

    @Test
    void continuingAnIncomingTraceLeavesNothingOnTheThreadOnceTheSpanEnded() {
        Span request = runtime.spanBuilder("GET /orders", Map.of("sentry-trace", TRACE + "-" + PARENT + "-1")::get).start();
        assertThat(request.traceId()).isEqualTo(TRACE);
        runtime.startSpan("child").end();
        request.end();
        assertThat(processor.named("GET /orders").parentSpanId()).isEqualTo(PARENT);
        assertThat(processor.named("child").parentSpanId()).isEqualTo(request.spanId());
        assertThat(PropagationContext.get()).isNull();
        try (Span next = runtime.startSpan("next job")) {
            assertThat(next.traceId()).as("a later root on this thread starts its own trace").isNotEqualTo(TRACE);
        }
    }
}
