package io.github.sentryjakarta.internal.envelope;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.internal.propagation.Dsc;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.internal.span.SpanData;
import io.github.sentryjakarta.testing.InMemorySpanProcessor;
import io.github.sentryjakarta.integration.TraceLifecycle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Real {@link SpanData} made by the core's own span API, the way the span buffer receives it: a runtime
 * whose processor only collects what ends.
 */
public final class TestTraces {

    private TestTraces() {
    }

    /** Options as the reference envelopes were made with: environment staging, release demo@1.0.0, rate 1. */
    public static SentryOptions.Builder options(String dsn) {
        return SentryOptions.builder()
                .dsn(dsn)
                .traceLifecycle(TraceLifecycle.STREAM)
                .tracesSampleRate(1.0)
                .environment("staging")
                .release("demo@1.0.0")
                .serverName("test-host")
                .requestTimeout(Duration.ofSeconds(5))
                .connectTimeout(Duration.ofSeconds(2));
    }

    /** One finished local root and its children, with the DSC the buffer would send. */
    public record Trace(Dsc dsc, SpanData segment, List<SpanData> children) {

        /** @return children first, then the segment: the order in which they end */
        public List<SpanData> spans() {
            List<SpanData> all = new ArrayList<>(children);
            all.add(segment);
            return all;
        }
    }

    public static Trace trace(String segmentName, int children) {
        return trace(options("https://publickey@o4501.ingest.example.com/42").build(), segmentName, children,
                (i, span) -> { });
    }

    /**
     * @param customizeChild called with each child's index and span before it ends
     */
    public static Trace trace(SentryOptions options, String segmentName, int children, BiConsumer<Integer, Span> customizeChild) {
        InMemorySpanProcessor processor = new InMemorySpanProcessor();
        SentryRuntime runtime = processor.runtime(options);
        Span root = runtime.spanBuilder(segmentName).noParent().active(false).op("http.server").start();
        for (int i = 0; i < children; i++) {
            Span child = runtime.spanBuilder("child " + i).parent(root).active(false).op("function").start();
            customizeChild.accept(i, child);
            child.end();
        }
        root.end();
        List<SpanData> ended = processor.spans();
        SpanData segment = ended.get(ended.size() - 1);
        Object source = segment.attributes().get("sentry.segment.name.source");
        Dsc dsc = segment.trace().freezeDsc(segment.name(), source == null ? null : source.toString());
        return new Trace(dsc, segment, List.copyOf(ended.subList(0, ended.size() - 1)));
    }
}
