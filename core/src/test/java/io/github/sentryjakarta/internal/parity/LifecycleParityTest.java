package io.github.sentryjakarta.internal.parity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.internal.span.SpanProcessor;
import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.internal.buffer.SpanBuffer;
import io.github.sentryjakarta.internal.transaction.TransactionAssembler;
import io.github.sentryjakarta.internal.envelope.EnvelopeQueue;
import io.github.sentryjakarta.internal.engine.RuntimeAssembler;
import io.github.sentryjakarta.testreceiver.Envelope;
import io.github.sentryjakarta.testreceiver.Item;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same workload, run once per lifecycle against the test receiver, yields the same traces once both
 * formats are normalised: same trace ids (continued from seeded headers), same names, nesting, ops,
 * statuses, origins and attributes, and the same DSC in the envelope headers.
 */
class LifecycleParityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** What one run delivered. */
    private record Run(Workload.Result result, Map<String, List<NormalizedTrace.Node>> traces,
            Map<String, List<Map<String, String>>> dscs) {
    }

    @ParameterizedTest
    @ValueSource(longs = {1L, 42L, 20260425L})
    void bothLifecyclesDeliverTheSameTraces(long seed) {
        Run stream = run(TraceLifecycle.STREAM, new Workload(seed, 25));
        Run statics = run(TraceLifecycle.STATIC, new Workload(seed, 25));

        assertThat(stream.result()).isEqualTo(statics.result());
        assertThat(stream.traces().keySet()).containsExactlyInAnyOrderElementsOf(stream.result().traceIds());
        assertThat(statics.traces().keySet()).containsExactlyInAnyOrderElementsOf(statics.result().traceIds());
        for (String traceId : stream.result().traceIds()) {
            assertThat(render(statics.traces().get(traceId)))
                    .as("trace %s, static vs stream", traceId)
                    .isEqualTo(render(stream.traces().get(traceId)));
        }
        assertThat(statics.traces()).isEqualTo(stream.traces());

        // Every envelope of a trace carries the trace's one frozen DSC, the same in both lifecycles.
        assertThat(stream.dscs().keySet()).isEqualTo(statics.dscs().keySet());
        stream.dscs().forEach((traceId, dscs) -> {
            assertThat(dscs).as("stream DSCs of %s", traceId).containsOnly(dscs.get(0));
            assertThat(statics.dscs().get(traceId)).as("static DSCs of %s", traceId).containsOnly(dscs.get(0));
            assertThat(dscs.get(0)).containsEntry("trace_id", traceId).containsEntry("sampled", "true");
        });
    }

    @ParameterizedTest
    @ValueSource(longs = {7L})
    void theWorkloadIsNotTrivial(long seed) {
        Run run = run(TraceLifecycle.STATIC, new Workload(seed, 25));
        List<NormalizedTrace.Node> all = run.traces().values().stream().flatMap(List::stream).toList();
        assertThat(run.result().segments()).isGreaterThan(run.result().traceIds().size());
        assertThat(all).anySatisfy(root -> assertThat(root.children()).anySatisfy(
                child -> assertThat(child.children()).isNotEmpty()));
        assertThat(render(all)).contains("status=error").contains("op=default").contains("error.type")
                .contains("source=route");
    }

    private static String render(List<NormalizedTrace.Node> roots) {
        return roots == null ? "<missing>" : roots.stream().map(NormalizedTrace.Node::toString).collect(Collectors.joining());
    }

    private static Run run(TraceLifecycle lifecycle, Workload workload) {
        try (SentryReceiver sentry = SentryReceiver.start()) {
            SentryOptions options = SentryOptions.builder()
                    .dsn(sentry.dsn())
                    .traceLifecycle(lifecycle)
                    .tracesSampleRate(1.0)
                    .environment("parity")
                    .release("parity@1.0.0")
                    .serverName("parity-host")
                    .build();
            ClientReports reports = new ClientReports();
            EnvelopeQueue transport = RuntimeAssembler.transport(options, reports, null);
            SpanProcessor processor = lifecycle == TraceLifecycle.STREAM
                    ? new SpanBuffer(options, reports, transport, null)
                    : new TransactionAssembler(options, reports, transport);
            SentryRuntime runtime = new SentryRuntime(options, reports, processor);
            Workload.Result result;
            try {
                result = workload.run(runtime);
                assertThat(runtime.flush(TIMEOUT)).as("flush").isTrue();
                boolean arrived = lifecycle == TraceLifecycle.STREAM
                        ? sentry.awaitSpans(result.spans(), TIMEOUT)
                        : sentry.await(r -> r.transactions().size() >= result.segments(), TIMEOUT);
                assertThat(arrived).as("%s: everything arrived", lifecycle).isTrue();
            } finally {
                runtime.clearThread();
                runtime.close(Duration.ofSeconds(2));
            }
            assertThat(sentry.rejections()).isEmpty();
            for (DiscardReason reason : DiscardReason.values()) {
                for (DataCategory category : DataCategory.values()) {
                    assertThat(reports.total(reason, category)).as("%s %s %s", lifecycle, reason, category).isZero();
                }
            }
            Map<String, List<NormalizedTrace.Node>> traces;
            if (lifecycle == TraceLifecycle.STREAM) {
                assertThat(sentry.transactions()).isEmpty();
                assertThat(sentry.spans()).hasSize(result.spans());
                traces = NormalizedTrace.fromStream(sentry.receivedSpans());
            } else {
                assertThat(sentry.spans()).isEmpty();
                assertThat(sentry.transactions()).hasSize(result.segments());
                assertThat(sentry.receivedSpans()).hasSize(result.spans());
                traces = NormalizedTrace.fromTransactions(sentry.transactions());
            }
            return new Run(result, traces, dscs(sentry.envelopes()));
        }
    }

    private static Map<String, List<Map<String, String>>> dscs(List<Envelope> envelopes) {
        Map<String, List<Map<String, String>>> out = new TreeMap<>();
        for (Envelope envelope : envelopes) {
            boolean carriesTrace = envelope.items().stream().map(Item::type)
                    .anyMatch(t -> t.equals("span") || t.equals("transaction"));
            if (!carriesTrace) {
                continue;
            }
            JsonObject trace = envelope.header().getJsonObject("trace");
            assertThat(trace).as("trace header of %s", envelope).isNotNull();
            Map<String, String> dsc = new TreeMap<>();
            trace.forEach((k, v) -> dsc.put(k, ((jakarta.json.JsonString) v).getString()));
            out.computeIfAbsent(dsc.get("trace_id"), k -> new java.util.ArrayList<>()).add(dsc);
        }
        return out;
    }
}
