package io.github.sentryjakarta.benchmarks;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.internal.propagation.Dsc;
import io.github.sentryjakarta.internal.envelope.EnvelopeQueue;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.RuntimeAssembler;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.internal.span.SpanData;
import io.github.sentryjakarta.internal.span.SpanProcessor;
import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.internal.buffer.SpanBuffer;
import io.github.sentryjakarta.testreceiver.Envelope;
import io.github.sentryjakarta.testreceiver.Item;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import java.time.Duration;
import java.util.List;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;

/**
 * sentry-jakarta, stream lifecycle: a child span with three attributes, started (and so made current) under
 * the current parent and ended.
 *
 * <p>{@code sink} chooses where ended spans go:
 * <ul>
 * <li>{@code receiver}: the real runtime, {@code RuntimeAssembler.start(options)} with the default span-buffer
 * and transport bounds, posting gzipped envelopes over HTTP to a {@link SentryReceiver} in the same JVM
 * that accepts everything. What the issue asks for; the sender and the receiver share the machine's cores
 * with the benchmark thread.</li>
 * <li>{@code discard}: the real {@link SpanBuffer} (same code, same bounds, its own worker thread) in front
 * of an {@link EnvelopeQueue} that counts and drops. The like-for-like peer of OpenTelemetry's
 * {@code BatchSpanProcessor} with a discarding exporter.</li>
 * <li>{@code noop}: {@link SpanProcessor#NOOP}: the span API alone (ids, clock, attributes, current span,
 * snapshot), to split the cost between the span and the buffer.</li>
 * </ul>
 *
 * <p>Every {@code childrenPerParent} children the parent ends and a new one starts (a request with that many
 * children): the parent's end flushes its trace's bucket, so the per-trace bound
 * ({@code sentry.span-buffer.max-spans-per-trace}, 2000) is never reached by design. Every span that does not
 * reach the sink is counted in the client reports, printed at the end of the trial with the sink's count.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SentryJakartaBenchmark {

    @State(Scope.Benchmark)
    public static class Pipeline {

        @Param({"discard", "noop", "receiver"})
        public String sink;

        @Param({"5", "1000"})
        public int childrenPerParent;

        /**
         * {@code sentry.span-buffer.max-buffered-spans}. The default parameter is large so that nothing is dropped
         * (the headline, like-for-like with the peers' no-drop settings); {@code 20000}, the library's default,
         * shows the bounded behaviour when the worker falls behind the benchmark loop.
         */
        @Param({"2000000"})
        public int maxBufferedSpans;

        /** {@code sentry.span-buffer.flush-interval-millis}, default 5000. */
        @Param({"5000"})
        public long flushIntervalMillis;

        /**
         * {@code sentry.traces-sample-rate}: 1.0, the headline; {@code 0} shows what an unsampled request pays per
         * span (every span counted {@code sample_rate}, nothing buffered).
         */
        @Param({"1.0"})
        public double sampleRate;

        SentryRuntime runtime;
        SentryReceiver receiver;
        final LongAdder delivered = new LongAdder();
        final Tally tally = new Tally();

        @Setup(Level.Iteration)
        public void iterationBegin() {
            tally.iterationBegin();
        }

        @Setup(Level.Trial)
        public void start() {
            SentryOptions.Builder options = SentryOptions.builder()
                    .traceLifecycle(TraceLifecycle.STREAM)
                    .tracesSampleRate(sampleRate)
                    .maxBufferedSpans(maxBufferedSpans)
                    .flushInterval(Duration.ofMillis(flushIntervalMillis));
            switch (sink) {
                case "receiver" -> {
                    receiver = SentryReceiver.start();
                    runtime = RuntimeAssembler.start(options.dsn(receiver.dsn()).build());
                }
                case "discard" -> {
                    SentryOptions built = options.dsn("http://key@127.0.0.1:1/1").build();
                    ClientReports reports = new ClientReports();
                    runtime = new SentryRuntime(built, reports, new SpanBuffer(built, reports, new DiscardingQueue(delivered), null));
                }
                case "noop" -> runtime = new SentryRuntime(options.dsn("http://key@127.0.0.1:1/1").build(),
                        new ClientReports(), SpanProcessor.NOOP);
                default -> throw new IllegalArgumentException(sink);
            }
            SentryRuntime.install(runtime);
        }

        /** The receiver keeps every envelope: count the spans it accepted and let it forget them. */
        @TearDown(Level.Iteration)
        public void iterationEnd(IterationParams iteration) {
            tally.iterationEnd(iteration);
            if (receiver != null) {
                countAndReset();
            }
        }

        private void countAndReset() {
            List<Envelope> envelopes = receiver.envelopes();
            receiver.reset();
            for (Envelope envelope : envelopes) {
                for (Item item : envelope.items()) {
                    if ("span".equals(item.type())) {
                        delivered.add(item.header().getInt("item_count"));
                    }
                }
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            boolean flushed = runtime.flush(Duration.ofSeconds(30));
            runtime.close(Duration.ofSeconds(10));
            if (receiver != null) {
                countAndReset();
                receiver.close();
            }
            StringBuilder drops = new StringBuilder();
            long dropped = 0;
            for (DiscardReason reason : DiscardReason.values()) {
                long n = runtime.clientReports().total(reason, DataCategory.SPAN);
                if (n > 0) {
                    drops.append(' ').append(reason.wireName()).append('=').append(n);
                    dropped += n;
                }
            }
            long ended = tally.ended.sum();
            System.out.printf("%n[sentry-jakarta sink=%s sampleRate=%s maxBufferedSpans=%d flushIntervalMillis=%d] %s; delivered to sink=%d, dropped (client reports)=%d%s;"
                            + " unaccounted=%d; final flush in time=%s%n",
                    sink, sampleRate, maxBufferedSpans, flushIntervalMillis, tally.summary(), delivered.sum(), dropped, drops.length() == 0 ? " (none)" : ":" + drops,
                    "noop".equals(sink) ? 0 : ended - delivered.sum() - dropped, flushed);
        }
    }

    @State(Scope.Thread)
    public static class Parent {
        Span parent;
        long ops;
        long ended;
        final Tally.Meter meter = new Tally.Meter();

        @Setup(Level.Iteration)
        public void start(Pipeline pipeline) {
            parent = pipeline.runtime.spanBuilder("parent").start();
            meter.begin(ops);
        }

        void next(Pipeline pipeline) {
            ended++;
            if (++ops % pipeline.childrenPerParent == 0) {
                parent.end();
                ended++;
                parent = pipeline.runtime.spanBuilder("parent").start();
            }
        }

        @TearDown(Level.Iteration)
        public void end(Pipeline pipeline, IterationParams iteration) {
            meter.end(ops, iteration, pipeline.tally);
            parent.end();
            pipeline.tally.ended.add(ended + 1);
            ended = 0;
            ops = 0;
        }
    }

    @Benchmark
    public void spanWith3Attributes(Pipeline pipeline, Parent parent) {
        Span s = pipeline.runtime.spanBuilder("child").start();
        s.setAttribute("a", "v");
        s.setAttribute("b", 42L);
        s.setAttribute("c", true);
        s.end();
        parent.next(pipeline);
    }

    /** Ablation: the same without attributes, to split the cost of {@code setAttribute} from start and end. */
    @Benchmark
    public void spanWithoutAttributes(Pipeline pipeline, Parent parent) {
        pipeline.runtime.spanBuilder("child").start().end();
        parent.next(pipeline);
    }

    /** Counts the spans the buffer hands over and drops them: no JSON, no I/O. */
    static final class DiscardingQueue implements EnvelopeQueue {
        private final LongAdder delivered;

        DiscardingQueue(LongAdder delivered) {
            this.delivered = delivered;
        }

        @Override
        public void enqueueSpans(Dsc dsc, List<SpanData> spans) {
            delivered.add(spans.size());
        }

        @Override
        public void enqueueTransaction(Dsc dsc, SpanData segment, List<SpanData> children) {
            delivered.add(1 + children.size());
        }

        @Override
        public boolean flush(Duration timeout) {
            return true;
        }

        @Override
        public void close(Duration timeout) {
        }
    }
}
