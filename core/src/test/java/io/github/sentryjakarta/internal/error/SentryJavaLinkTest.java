package io.github.sentryjakarta.internal.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.Traces;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.RuntimeAssembler;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.testreceiver.Envelope;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import io.sentry.Sentry;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official Java SDK ({@code io.sentry:sentry}, the real one), initialised by the application beside this
 * library: events it captures inside our spans carry our trace id, our current span and our DSC, and the ones
 * it captures outside do not.
 */
class SentryJavaLinkTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private SentryReceiver receiver;
    private SentryRuntime runtime;

    @BeforeEach
    void start() {
        receiver = SentryReceiver.start();
        runtime = RuntimeAssembler.start(SentryOptions.builder().dsn(receiver.dsn()).traceLifecycle(TraceLifecycle.STREAM)
                .tracesSampleRate(1.0).environment("staging").release("shop@1.0.0").serverName("test-host").build());
        SentryRuntime.install(runtime);
        Sentry.init(options -> {
            options.setDsn(receiver.dsn());
            options.setEnableUncaughtExceptionHandler(false);
            options.setEnableShutdownHook(false);
        });
    }

    @AfterEach
    void stop() {
        Sentry.close();
        runtime.clearThread();
        runtime.close(Duration.ofSeconds(2));
        receiver.close();
    }

    private JsonObject awaitEventWithMessage(String message) {
        assertThat(receiver.await(r -> r.events().stream().anyMatch(e -> e.toString().contains(message)), WAIT))
                .as("events: %s, rejections: %s, requests: %s", receiver.events(), receiver.rejections(), receiver.requestCount()).isTrue();
        return receiver.events().stream().filter(e -> e.toString().contains(message)).findFirst().orElseThrow();
    }

    private Envelope envelopeOf(JsonObject event) {
        return receiver.envelopes().stream()
                .filter(e -> e.items().stream().anyMatch(i -> i.type().equals("event")
                        && i.json().getString("event_id").equals(event.getString("event_id"))))
                .findFirst().orElseThrow();
    }

    @Test
    void anEventTheOfficialSdkCapturesInsideOurSpanIsInOurTrace() {
        Span root = Traces.spanBuilder("GET /orders/{id}").op("http.server")
                .attribute("sentry.segment.name.source", "route").start();
        Span inner = Traces.spanBuilder("OrderService.find").op("function").start();
        Sentry.captureException(new IllegalStateException("logged inside"));
        inner.end();
        root.end();
        Sentry.captureException(new IllegalStateException("logged outside"));
        Sentry.flush(WAIT.toMillis());

        JsonObject inside = awaitEventWithMessage("logged inside");
        assertThat(inside.getJsonObject("sdk").getString("name")).as("sent by io.sentry").startsWith("sentry.java");
        JsonObject trace = inside.getJsonObject("contexts").getJsonObject("trace");
        assertThat(trace.getString("trace_id")).isEqualTo(root.traceId());
        assertThat(trace.getString("span_id")).isEqualTo(inner.spanId());
        assertThat(trace.getString("parent_span_id")).isEqualTo(root.spanId());
        assertThat(trace.getString("op")).isEqualTo("function");
        assertThat(inside.getString("transaction")).isEqualTo("GET /orders/{id}");
        JsonObject dsc = envelopeOf(inside).header().getJsonObject("trace");
        assertThat(dsc.getString("trace_id")).isEqualTo(root.traceId());
        assertThat(dsc.getString("transaction")).isEqualTo("GET /orders/{id}");
        assertThat(dsc.getString("environment")).isEqualTo("staging");
        assertThat(dsc.getString("sampled")).isEqualTo("true");

        JsonObject outside = awaitEventWithMessage("logged outside");
        assertThat(outside.getJsonObject("contexts").getJsonObject("trace").getString("trace_id"))
                .isNotEqualTo(root.traceId());
        assertThat(envelopeOf(outside).header().getJsonObject("trace").getString("trace_id"))
                .isNotEqualTo(root.traceId());
    }
}
