package io.github.sentryjakarta.benchmarks;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;

/**
 * The OpenTelemetry Java SDK: {@code SdkTracerProvider} (always-on sampler) with a
 * {@code BatchSpanProcessor} at its defaults (queue 2048, batches of 512, 5 s delay) in front of an exporter
 * that counts and discards. A child span with three attributes under the parent made current with
 * {@code parent.makeCurrent()}.
 *
 * <p>{@code makeCurrent=true} also makes the child current while its attributes are set
 * ({@code try (Scope s = span.makeCurrent())}), which is what sentry-jakarta does by default; {@code false}
 * is OpenTelemetry's cheapest path. The parent is replaced every {@code childrenPerParent} children, as in
 * the other benchmarks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OpenTelemetryBenchmark {

    @State(org.openjdk.jmh.annotations.Scope.Benchmark)
    public static class Sdk {

        @Param({"true", "false"})
        public boolean makeCurrent;

        @Param({"5", "1000"})
        public int childrenPerParent;

        /** The {@code BatchSpanProcessor}'s queue: large by default so nothing is dropped; 2048 is OTel's default. */
        @Param({"2000000"})
        public int maxQueueSize;

        SdkTracerProvider provider;
        Tracer tracer;
        final LongAdder exported = new LongAdder();
        final Tally tally = new Tally();

        @Setup(Level.Iteration)
        public void iterationBegin() {
            tally.iterationBegin();
        }

        @TearDown(Level.Iteration)
        public void iterationEnd(IterationParams iteration) {
            tally.iterationEnd(iteration);
        }

        @Setup(Level.Trial)
        public void start() {
            SpanExporter discarding = new SpanExporter() {
                @Override
                public CompletableResultCode export(Collection<SpanData> spans) {
                    exported.add(spans.size());
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            };
            provider = SdkTracerProvider.builder()
                    .setSampler(Sampler.alwaysOn())
                    .addSpanProcessor(BatchSpanProcessor.builder(discarding).setMaxQueueSize(maxQueueSize).build())
                    .build();
            tracer = provider.get("benchmark");
        }

        @TearDown(Level.Trial)
        public void stop() {
            boolean flushed = provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess();
            provider.shutdown().join(10, TimeUnit.SECONDS);
            long ended = tally.ended.sum();
            System.out.printf("%n[opentelemetry makeCurrent=%s maxQueueSize=%d] %s; exported=%d, dropped by the BatchSpanProcessor"
                    + " (ended - exported)=%d; final flush ok=%s%n", makeCurrent, maxQueueSize, tally.summary(), exported.sum(),
                    ended - exported.sum(), flushed);
        }
    }

    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class Parent {
        Span parent;
        Scope scope;
        long ops;
        long ended;
        final Tally.Meter meter = new Tally.Meter();

        @Setup(Level.Iteration)
        public void start(Sdk sdk) {
            startParent(sdk);
            meter.begin(ops);
        }

        private void startParent(Sdk sdk) {
            parent = sdk.tracer.spanBuilder("parent").startSpan();
            scope = parent.makeCurrent();
        }

        void next(Sdk sdk) {
            ended++;
            if (++ops % sdk.childrenPerParent == 0) {
                scope.close();
                parent.end();
                ended++;
                startParent(sdk);
            }
        }

        @TearDown(Level.Iteration)
        public void end(Sdk sdk, IterationParams iteration) {
            meter.end(ops, iteration, sdk.tally);
            scope.close();
            parent.end();
            sdk.tally.ended.add(ended + 1);
            ended = 0;
            ops = 0;
        }
    }

    @Benchmark
    @SuppressWarnings("try") // the scope is only closed
    public void spanWith3Attributes(Sdk sdk, Parent parent) {
        Span span = sdk.tracer.spanBuilder("child").startSpan();
        if (sdk.makeCurrent) {
            try (Scope ignored = span.makeCurrent()) {
                span.setAttribute("a", "v");
                span.setAttribute("b", 42L);
                span.setAttribute("c", true);
            }
        } else {
            span.setAttribute("a", "v");
            span.setAttribute("b", 42L);
            span.setAttribute("c", true);
        }
        span.end();
        parent.next(sdk);
    }

    /** Ablation: the same without attributes. */
    @Benchmark
    @SuppressWarnings("try") // the scope is only closed
    public void spanWithoutAttributes(Sdk sdk, Parent parent) {
        Span span = sdk.tracer.spanBuilder("child").startSpan();
        if (sdk.makeCurrent) {
            try (Scope ignored = span.makeCurrent()) {
                span.end();
            }
        } else {
            span.end();
        }
        parent.next(sdk);
    }
}
