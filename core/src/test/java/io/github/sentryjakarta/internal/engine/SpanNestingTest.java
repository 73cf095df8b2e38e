package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.testing.InMemorySpanProcessor;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.internal.span.Attributes;
import io.github.sentryjakarta.internal.span.SpanData;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.SpanStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpanNestingTest {

    private final InMemorySpanProcessor processor = new InMemorySpanProcessor();
    private final SentryRuntime runtime = processor.runtime(SentryOptions.builder().tracesSampleRate(1.0));

    @AfterEach
    void clear() {
        runtime.clearThread();
    }

    @Test
    void childStartedUnderCurrentSpanBecomesItsChildAndEndRestoresParent() {
        try (Span root = runtime.startSpan("root")) {
            try (Span child = runtime.startSpan("child")) {
                assertThat(runtime.currentSpan()).containsSame(child);
            }
            assertThat(runtime.currentSpan()).containsSame(root);
        }
        assertThat(runtime.currentSpan()).isEmpty();
        SpanData root = processor.named("root");
        SpanData child = processor.named("child");
        assertThat(root.isSegment()).isTrue();
        assertThat(root.parentSpanId()).isNull();
        assertThat(child.parentSpanId()).isEqualTo(root.spanId());
        assertThat(child.traceId()).isEqualTo(root.traceId());
        assertThat(child.segmentId()).isEqualTo(root.spanId());
    }

    @Test
    void spanStartedOnOneThreadIsNotCurrentOnAnother() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (Span root = runtime.startSpan("root")) {
            Optional<Span> seenElsewhere = other.submit(runtime::currentSpan).get(5, TimeUnit.SECONDS);
            assertThat(seenElsewhere).isEmpty();
            Span remoteChild = other.submit(() -> runtime.spanBuilder("remote child").parent(root).start())
                    .get(5, TimeUnit.SECONDS);
            assertThat(runtime.currentSpan()).containsSame(root);
            other.submit(() -> remoteChild.end()).get(5, TimeUnit.SECONDS);
            assertThat(other.submit(runtime::currentSpan).get(5, TimeUnit.SECONDS)).isEmpty();
        } finally {
            other.shutdownNow();
        }
        assertThat(processor.named("remote child").parentSpanId()).isEqualTo(processor.named("root").spanId());
    }

    @Test
    void endingParentBeforeChildLeavesChildCurrentThenRestoresGrandparent() {
        Span grandparent = runtime.startSpan("grandparent");
        Span parent = runtime.startSpan("parent");
        Span child = runtime.startSpan("child");
        parent.end();
        assertThat(runtime.currentSpan()).containsSame(child);
        child.end();
        assertThat(runtime.currentSpan()).containsSame(grandparent);
        grandparent.end();
        assertThat(runtime.currentSpan()).isEmpty();
    }

    @Test
    void endingInEveryOrderLeavesOnlyUnendedSpansCurrent() {
        int[][] orders = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        for (int[] order : orders) {
            Span[] spans = {runtime.startSpan("a"), runtime.startSpan("b"), runtime.startSpan("c")};
            boolean[] ended = new boolean[3];
            for (int index : order) {
                spans[index].end();
                ended[index] = true;
                int expected = -1;
                for (int i = 2; i >= 0; i--) {
                    if (!ended[i]) {
                        expected = i;
                        break;
                    }
                }
                if (expected < 0) {
                    assertThat(runtime.currentSpan()).isEmpty();
                } else {
                    assertThat(runtime.currentSpan()).containsSame(spans[expected]);
                }
            }
        }
    }

    @Test
    void spanEndedOnAnotherThreadStopsBeingCurrentHere() throws Exception {
        Span root = runtime.startSpan("root");
        Span child = runtime.startSpan("child");
        CompletableFuture.runAsync(child::end).get(5, TimeUnit.SECONDS);
        assertThat(runtime.currentSpan()).containsSame(root);
        root.end();
    }

    @Test
    void aSpanEndedOnAnotherThreadNamesTheThreadThatStartedIt() throws Exception {
        Span root = runtime.startSpan("root");
        Span child = runtime.startSpan("child");
        Thread ender = new Thread(child::end, "ender");
        ender.start();
        ender.join(5000);
        root.end();
        SpanData data = processor.named("child");
        assertThat(data.threadName()).isEqualTo(Thread.currentThread().getName()).isNotEqualTo("ender");
        assertThat(data.threadId()).isEqualTo(Thread.currentThread().getId());
    }

    @Test
    void inactiveSpanDoesNotBecomeCurrentAndNoParentStartsNewLocalRoot() {
        try (Span root = runtime.startSpan("root")) {
            Span background = runtime.spanBuilder("background").active(false).start();
            assertThat(runtime.currentSpan()).containsSame(root);
            background.end();
            try (Span detached = runtime.spanBuilder("detached").noParent().start()) {
                assertThat(detached.traceId()).isNotEqualTo(root.traceId());
            }
        }
        assertThat(processor.named("background").parentSpanId()).isEqualTo(processor.named("root").spanId());
        assertThat(processor.named("detached").isSegment()).isTrue();
    }

    @Test
    void detachRestoresPreviousSpanWithoutEndingTheDetachedOne() {
        try (Span root = runtime.startSpan("root")) {
            Span async = runtime.startSpan("async");
            runtime.detach(async);
            assertThat(runtime.currentSpan()).containsSame(root);
            assertThat(async.isRecording()).isTrue();
            async.end();
        }
        assertThat(processor.spans()).hasSize(2);
    }

    @Test
    void endingTwiceIsHarmlessAndChangesAfterEndAreIgnored() {
        Span span = runtime.startSpan("once");
        span.end();
        span.setAttribute("late", "x").setStatus(SpanStatus.ERROR).setName("renamed");
        span.end();
        assertThat(processor.spans()).hasSize(1);
        SpanData data = processor.spans().get(0);
        assertThat(data.name()).isEqualTo("once");
        assertThat(data.status()).isEqualTo(SpanStatus.OK);
        assertThat(data.attributes().get("late")).isNull();
    }

    @Test
    void childReadsSegmentNameWhenItEndsSoARenamedSegmentShows() {
        try (Span root = runtime.startSpan("GET /orders/42")) {
            try (Span child = runtime.startSpan("child")) {
                root.setName("GET /orders/{id}");
            }
        }
        assertThat(processor.named("child").segmentName()).isEqualTo("GET /orders/{id}");
    }

    @Test
    void timestampsAreMonotonicAndExplicitEndTimeIsUsed() {
        Instant before = Instant.now();
        Span root = runtime.startSpan("root");
        Span child = runtime.startSpan("child");
        child.end();
        Instant end = Instant.now().plusSeconds(1);
        root.end(end);
        SpanData r = processor.named("root");
        SpanData c = processor.named("child");
        assertThat(r.startEpochNanos()).isGreaterThanOrEqualTo(before.getEpochSecond() * 1_000_000_000L + before.getNano());
        assertThat(c.startEpochNanos()).isGreaterThanOrEqualTo(r.startEpochNanos());
        assertThat(c.endEpochNanos()).isGreaterThanOrEqualTo(c.startEpochNanos());
        assertThat(r.endEpochNanos()).isEqualTo(end.getEpochSecond() * 1_000_000_000L + end.getNano());
    }

    @Test
    void attributesAreTypedAndBounded() {
        try (Span span = runtime.startSpan("attrs")) {
            span.setAttribute("s", "x".repeat(Span.MAX_STRING_LENGTH + 10));
            span.setAttribute("l", 42L);
            span.setAttribute("d", 0.5);
            span.setAttribute("nan", Double.NaN);
            span.setAttribute("b", true);
            span.setAttribute("list", List.of("a", "b"));
            span.setAttribute("mixed", List.of("a", 1));
            span.setAttributes(Map.of("i", 7, "o", new StringBuilder("sb")));
            for (int i = 0; i < Span.MAX_ATTRIBUTES + 10; i++) {
                span.setAttribute("k" + i, i);
            }
            span.recordException(new IllegalStateException("boom"));
        }
        SpanData data = processor.named("attrs");
        Attributes a = data.attributes();
        assertThat((String) a.get("s")).hasSize(Span.MAX_STRING_LENGTH);
        assertThat(a.get("l")).isEqualTo(42L);
        assertThat(a.get("d")).isEqualTo(0.5);
        assertThat(a.get("nan")).isEqualTo("NaN");
        assertThat(a.get("b")).isEqualTo(true);
        assertThat(a.get("list")).isEqualTo(List.of("a", "b"));
        assertThat(a.get("mixed")).isEqualTo("[a, 1]");
        assertThat(a.get("i")).isEqualTo(7L);
        assertThat(a.get("o")).isEqualTo("sb");
        assertThat(a.size()).isEqualTo(Span.MAX_ATTRIBUTES);
        assertThat(data.status()).isEqualTo(SpanStatus.ERROR);
    }

    @Test
    void removingAnAttributeKeepsTheOthersInOrderAndAReAddedOneComesLast() {
        try (Span root = runtime.startSpan("root"); Span span = runtime.startSpan("order")) {
            for (String key : List.of("a", "b", "c", "d", "e", "f")) { // past the first four places
                span.setAttribute(key, key.toUpperCase());
            }
            span.removeAttribute("b").removeAttribute("f").setAttribute("b", "again").setAttribute("c", 3L);
        }
        Attributes a = processor.named("order").attributes();
        assertThat(a.toMap()).containsExactly(Map.entry("a", "A"), Map.entry("c", 3L), Map.entry("d", "D"),
                Map.entry("e", "E"), Map.entry("b", "again"));
        assertThat(a.key(4)).isEqualTo("b");
        assertThat(a.value(1)).isEqualTo(3L);
    }

    @Test
    void disabledRuntimeGivesSpansWithIdsThatRecordNothing() {
        SentryRuntime disabled = new SentryRuntime(SentryOptions.builder().build(), new ClientReports(), processor);
        try (Span span = disabled.startSpan("off")) {
            assertThat(span.isRecording()).isFalse();
            assertThat(span.traceId()).matches("[0-9a-f]{32}");
            assertThat(span.spanId()).matches("[0-9a-f]{16}");
            assertThat(disabled.propagationHeaders().get("sentry-trace")).startsWith(span.traceId() + "-" + span.spanId());
        }
        assertThat(processor.spans()).isEmpty();
    }

    @Test
    void ignoredSpansAreNotRecordedAndTheirChildrenAttachToTheirParent() {
        ClientReports reports = new ClientReports();
        SentryRuntime ignoring = new SentryRuntime(SentryOptions.builder().dsn("http://key@127.0.0.1:9/1")
                .tracesSampleRate(1.0).ignoreSpans(List.of("health", "regex:SELECT .*")).build(), reports, processor);
        try (Span root = ignoring.startSpan("root")) {
            try (Span health = ignoring.startSpan("health")) {
                try (Span inner = ignoring.startSpan("inner")) {
                    assertThat(inner.isRecording()).isTrue();
                }
            }
            ignoring.startSpan("SELECT 1").end();
        } finally {
            ignoring.clearThread();
        }
        assertThat(processor.spans()).extracting(SpanData::name).containsExactlyInAnyOrder("root", "inner");
        assertThat(processor.named("inner").parentSpanId()).isEqualTo(processor.named("root").spanId());
        assertThat(reports.total(DiscardReason.IGNORED, DataCategory.SPAN)).isEqualTo(2);
    }

    @Test
    void pathAttributeIsStoredAsItsStringNotWalkedAsAList() {
        try (Span span = runtime.startSpan("file")) {
            span.setAttributes(Map.of("file", java.nio.file.Path.of("/tmp/a/b")));
        }
        assertThat(processor.named("file").attributes().get("file")).isEqualTo("/tmp/a/b");
    }

    @Test
    void reusingABuilderGivesEachSpanItsOwnAttributes() {
        try (Span root = runtime.startSpan("root")) {
            io.github.sentryjakarta.SpanBuilder builder = runtime.spanBuilder("reused").attribute("shared", "x").active(false);
            Span first = builder.start();
            Span second = builder.attribute("late", 1L).start();
            first.setAttribute("only-first", true);
            first.end();
            second.end();
        }
        assertThat(processor.spans().get(0).attributes().toMap()).containsOnlyKeys("shared", "only-first");
        assertThat(processor.spans().get(1).attributes().toMap()).containsOnlyKeys("shared", "late");
    }

    @Test
    void renamingASegmentToAnIgnoredNameDropsItAndItsChildren() {
        ClientReports reports = new ClientReports();
        SentryRuntime ignoring = new SentryRuntime(SentryOptions.builder().dsn("http://key@127.0.0.1:9/1")
                .tracesSampleRate(1.0).ignoreSpans(List.of("GET /health")).build(), reports, processor);
        try (Span root = ignoring.startSpan("GET /*")) {
            root.setName("GET /health");
            ignoring.startSpan("check db").end();
            assertThat(root.isSampled()).isFalse();
        } finally {
            ignoring.clearThread();
        }
        assertThat(processor.spans()).isEmpty();
        assertThat(reports.total(DiscardReason.IGNORED, DataCategory.SPAN)).isEqualTo(2);
    }

    @Test
    void aChildEndingAfterItsSegmentKnowsItWasReportedUnfinished() {
        Span root = runtime.startSpan("root");
        Span early = runtime.spanBuilder("early").active(false).start();
        Span late = runtime.spanBuilder("late").active(false).start();
        early.end();
        root.end();
        late.end();
        assertThat(processor.named("root").unfinishedChildren()).isEqualTo(1);
        assertThat(processor.named("early").endedAfterSegment()).isFalse();
        assertThat(processor.named("late").endedAfterSegment()).isTrue();
        assertThat(processor.named("late").countedBySegment()).isTrue();
    }

    @Test
    void aReusedBuilderNeverCarriesOneSpansAttributesIntoTheNext() {
        try (Span root = runtime.startSpan("root")) {
            io.github.sentryjakarta.SpanBuilder builder = runtime.spanBuilder("reused").attribute("a", 1L).active(false);
            Span first = builder.start();
            first.setAttribute("secret", "from first");
            Span second = builder.start();
            second.end();
            first.end();
        }
        assertThat(processor.spans().get(0).attributes().toMap()).containsOnlyKeys("a");
        assertThat(processor.spans().get(1).attributes().toMap()).containsOnlyKeys("a", "secret");
    }


    @Test
    void aSpanMadeCurrentOnASecondThreadKeepsEachThreadsChainIntact() throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try (Span outer = runtime.startSpan("outer")) {
            Span request = runtime.startSpan("request");
            Span workerChild = worker.submit(() -> {
                Span before = runtime.startSpan("worker's own");
                runtime.makeCurrent(request);
                Span child = runtime.startSpan("on worker");
                child.end();
                runtime.detach(request);
                boolean restored = runtime.currentSpan().orElseThrow() == before;
                before.end();
                return restored ? child : null;
            }).get(5, TimeUnit.SECONDS);
            assertThat(workerChild).as("the worker's own span is current again after detach").isNotNull();
            assertThat(runtime.currentSpan()).containsSame(request);
            request.end();
            assertThat(runtime.currentSpan()).containsSame(outer);
        } finally {
            worker.shutdownNow();
        }
        assertThat(processor.named("on worker").parentSpanId()).isEqualTo(processor.named("request").spanId());
    }

}
