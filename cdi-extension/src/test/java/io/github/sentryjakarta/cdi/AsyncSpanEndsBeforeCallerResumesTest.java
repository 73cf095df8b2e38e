package io.github.sentryjakarta.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.Traces;
import io.github.sentryjakarta.cdi.testbeans.AsyncBean;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import io.github.sentryjakarta.testreceiver.ReceivedSpan;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code @SentrySpan} method returning a stage completed on another thread: a caller that joins the returned
 * stage and then ends its own span must find the method's span already ended, in both lifecycles. Before the
 * interceptor returned the dependent stage, a caller's dependent action ran before the span ended (the static
 * lifecycle then dropped the child from its transaction; the stream one sent a child ending after its parent).
 * Many iterations, each a fresh race between the completing thread's callbacks and the caller.
 */
class AsyncSpanEndsBeforeCallerResumesTest {

    static {
        // The JDK HTTP server behind the receiver otherwise answers ~40 ms late (Nagle against delayed ACK).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final int ITERATIONS = 200;
    private static final int OWN_TRACES = 30;

    @RegisterExtension
    final TestSentry sentry = new TestSentry();
    private final SentryReceiver receiver = sentry.receiver();

    @ParameterizedTest
    @ValueSource(strings = {"stream", "static"})
    void callerNeverObservesCompletionBeforeTheSpanEnded(String lifecycle) throws Exception {
        sentry.configure("sentry.trace-lifecycle", lifecycle,
                "sentry.transport.queue-size", "1000"); // one envelope per iteration, none dropped
        ExecutorService completer = Executors.newSingleThreadExecutor();
        List<String> traces = new ArrayList<>();
        String batchTrace;
        int stillRecording = 0;
        try (WeldContainer weld = LibraryBeans.start(AsyncBean.class)) {
            AsyncBean bean = weld.select(AsyncBean.class).get();
            // The first iterations are traces of their own (the method's span, a child of the root, must be in
            // the root's transaction); the rest run under one batch root, so delivery stays quick.
            for (int i = 0; i < OWN_TRACES; i++) {
                try (Span root = Traces.startSpan("caller")) {
                    traces.add(root.traceId());
                    stillRecording += callAndJoin(bean, completer);
                }
            }
            try (Span batch = Traces.startSpan("batch")) {
                batchTrace = batch.traceId();
                for (int i = OWN_TRACES; i < ITERATIONS; i++) {
                    try (Span caller = Traces.startSpan("caller")) {
                        stillRecording += callAndJoin(bean, completer);
                    }
                }
            }
            // Delivered while the container still runs: its shutdown would cut what is still queued.
            assertThat(stillRecording).as("iterations where the caller resumed before the span ended").isZero();
            traces.add(batchTrace);
            assertThat(receiver.await(r -> received(r, lifecycle).containsAll(traces), Duration.ofSeconds(30)))
                    .as("a complete trace for each of %d iterations; got %d, %d spans, %d transactions; reports %s",
                            ITERATIONS, received(receiver, lifecycle).size(), receiver.spans().size(),
                            receiver.transactions().size(), receiver.clientReports()).isTrue();
        } finally {
            completer.shutdownNow();
        }
        if (lifecycle.equals("static")) {
            for (JsonObject transaction : receiver.transactions()) {
                List<String> children = transaction.getJsonArray("spans").getValuesAs(JsonObject.class).stream()
                        .map(s -> s.getString("description")).toList();
                assertThat(children).as("the transaction keeps the method's span").contains("async work");
            }
        } else {
            for (ReceivedSpan span : receiver.receivedSpans()) {
                if (span.name().equals("async work")) {
                    ReceivedSpan parent = receiver.receivedSpans().stream()
                            .filter(s -> s.spanId().equals(span.parentSpanId()))
                            .findFirst().orElseThrow();
                    assertThat(span.endSeconds()).isLessThanOrEqualTo(parent.endSeconds());
                }
            }
        }
    }

    /** @return 1 if the caller resumed while the method's span was still recording, else 0 */
    private static int callAndJoin(AsyncBean bean, ExecutorService completer) {
        AtomicReference<Span> inside = new AtomicReference<>();
        CompletableFuture<String> result = new CompletableFuture<>();
        CompletableFuture<String> returned = bean.later(result, inside);
        // What a JAX-RS runtime does with a resource's stage: act (write the response, end the request span) in
        // a dependent of the returned stage. A dependent of the original stage would run before the span ended.
        CompletableFuture<Boolean> seenRecording = returned.thenApply(value -> inside.get().isRecording());
        completer.execute(() -> result.complete("v"));
        boolean raced = seenRecording.join() || inside.get().isRecording();
        assertThat(returned.join()).isEqualTo("v");
        return raced ? 1 : 0;
    }

    /** Trace ids whose caller and "async work" span both arrived. */
    private static Set<String> received(SentryReceiver receiver, String lifecycle) {
        Set<String> complete = new HashSet<>();
        if (lifecycle.equals("static")) {
            for (JsonObject transaction : receiver.transactions()) {
                boolean hasChild = transaction.getJsonArray("spans").getValuesAs(JsonObject.class).stream()
                        .anyMatch(s -> "async work".equals(s.getString("description")));
                if (hasChild || transaction.getString("transaction").equals("batch")) {
                    complete.add(transaction.getJsonObject("contexts").getJsonObject("trace").getString("trace_id"));
                }
            }
        } else {
            Set<String> roots = new HashSet<>();
            for (ReceivedSpan span : receiver.receivedSpans()) {
                if (span.segment()) {
                    roots.add(span.traceId());
                } else if (span.name().equals("async work")) {
                    complete.add(span.traceId());
                }
            }
            complete.retainAll(roots);
        }
        return complete;
    }
}
