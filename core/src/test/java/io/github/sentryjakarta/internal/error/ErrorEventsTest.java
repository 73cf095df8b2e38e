package io.github.sentryjakarta.internal.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.Traces;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.RuntimeAssembler;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.testing.ReceiverAndRuntime;
import io.github.sentryjakarta.testreceiver.Behavior;
import io.github.sentryjakarta.testreceiver.Envelope;
import io.github.sentryjakarta.testreceiver.Item;
import io.sentry.JsonSerializer;
import io.sentry.SentryEvent;
import io.sentry.SentryLevel;
import io.sentry.protocol.SentryException;
import io.sentry.protocol.SentryStackFrame;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Error events end to end, in both lifecycles: captured on the application thread, written and sent by the
 * real transport to a real receiver that parses them strictly, and read by Sentry's own Java SDK
 * ({@code io.sentry:sentry}, test scope) into its {@link SentryEvent}.
 */
class ErrorEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final ReceiverAndRuntime sentry = new ReceiverAndRuntime();
    private SentryRuntime runtime;

    private void start(TraceLifecycle lifecycle, UnaryOperator<SentryOptions.Builder> config) {
        runtime = sentry.start(config.apply(SentryOptions.builder()
                .traceLifecycle(lifecycle)
                .tracesSampleRate(1.0)
                .environment("staging")
                .release("shop@1.0.0")
                .serverName("test-host")
                .inAppIncludes(List.of("io.github.sentryjakarta.internal.error."))));
        SentryRuntime.install(runtime);
    }

    private List<JsonObject> flushAndAwaitEvents(int count) {
        assertThat(runtime.flush(WAIT)).isTrue();
        assertThat(sentry.receiver().await(r -> r.events().size() >= count, WAIT)).as("events: %s", sentry.receiver().events()).isTrue();
        return sentry.receiver().events();
    }

    private static SentryEvent parse(JsonObject event) {
        io.sentry.SentryOptions options = new io.sentry.SentryOptions();
        SentryEvent parsed = new JsonSerializer(options).deserialize(new StringReader(event.toString()), SentryEvent.class);
        assertThat(parsed).as("io.sentry could not deserialize %s", event).isNotNull();
        return parsed;
    }

    private Envelope envelopeOf(String eventId) {
        return sentry.receiver().envelopes().stream()
                .filter(e -> e.items().stream().anyMatch(i -> i.type().equals("event")
                        && i.json().getString("event_id").equals(eventId)))
                .findFirst().orElseThrow();
    }

    /** Thrown from a method of this class, so that the innermost frame is in-app. */
    private static IllegalStateException failure() {
        return new IllegalStateException("invoice missing", new IOException("disk gone"));
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void anExceptionRecordedInASpanIsOneEventLinkedToThatSpanWithItsChainAndFrames(TraceLifecycle lifecycle) {
        start(lifecycle, b -> b);
        Span root = Traces.spanBuilder("GET /orders/{id}").op("http.server")
                .attribute("sentry.segment.name.source", "route").start();
        Span inner = Traces.spanBuilder("OrderService.find").op("function").start();
        IllegalStateException failure = failure();
        inner.recordException(failure); // as the @SentrySpan interceptor does when it leaves the method
        inner.end();
        Optional<String> id = Traces.captureException(failure);
        assertThat(Traces.captureException(failure)).as("the same exception again").isEmpty();
        assertThat(Traces.captureException(new RuntimeException("wrapped", failure))).as("wrapping it").isEmpty();
        root.end();

        assertThat(id).isPresent();
        JsonObject event = flushAndAwaitEvents(1).get(0);
        assertThat(sentry.receiver().events()).hasSize(1);
        assertThat(event.getString("event_id")).isEqualTo(id.get());
        JsonObject trace = event.getJsonObject("contexts").getJsonObject("trace");
        assertThat(trace.getString("trace_id")).isEqualTo(root.traceId());
        assertThat(trace.getString("span_id")).as("where it was thrown").isEqualTo(inner.spanId());
        assertThat(trace.getString("parent_span_id")).isEqualTo(root.spanId());
        assertThat(trace.getString("op")).isEqualTo("function");
        assertThat(trace.getString("status")).isEqualTo("internal_error");
        JsonObject header = envelopeOf(id.get()).header();
        assertThat(header.getString("event_id")).isEqualTo(id.get());
        assertThat(header.getJsonObject("trace").getString("trace_id")).isEqualTo(root.traceId());
        assertThat(header.getJsonObject("trace").getString("transaction")).isEqualTo("GET /orders/{id}");

        SentryEvent parsed = parse(event);
        assertThat(parsed.getLevel()).isEqualTo(SentryLevel.ERROR);
        assertThat(parsed.getPlatform()).isEqualTo("java");
        assertThat(parsed.getTransaction()).isEqualTo("GET /orders/{id}");
        assertThat(parsed.getRelease()).isEqualTo("shop@1.0.0");
        assertThat(parsed.getEnvironment()).isEqualTo("staging");
        assertThat(parsed.getServerName()).isEqualTo("test-host");
        assertThat(parsed.getSdk().getName()).isEqualTo("sentry.java.jakarta");
        assertThat(parsed.getContexts().getTrace().getSpanId()).hasToString(inner.spanId());
        assertThat(parsed.getContexts().getTrace().getTraceId()).hasToString(root.traceId());
        List<SentryException> exceptions = parsed.getExceptions();
        assertThat(exceptions).extracting(SentryException::getType).containsExactly("IOException", "IllegalStateException");
        assertThat(exceptions).extracting(SentryException::getModule).containsExactly("java.io", "java.lang");
        assertThat(exceptions).extracting(SentryException::getValue).containsExactly("disk gone", "invoice missing");
        SentryException thrown = exceptions.get(1);
        assertThat(thrown.getMechanism().getType()).isEqualTo("generic");
        assertThat(thrown.getMechanism().isHandled()).isTrue();
        List<SentryStackFrame> frames = thrown.getStacktrace().getFrames();
        SentryStackFrame innermost = frames.get(frames.size() - 1);
        assertThat(innermost.getModule()).isEqualTo(ErrorEventsTest.class.getName());
        assertThat(innermost.getFunction()).isEqualTo("failure");
        assertThat(innermost.getFilename()).isEqualTo("ErrorEventsTest.java");
        assertThat(innermost.getLineno()).isPositive();
        assertThat(innermost.isInApp()).isTrue();
        assertThat(frames).filteredOn(f -> f.getModule().startsWith("org.junit.")).isNotEmpty()
                .allSatisfy(f -> assertThat(f.isInApp()).isFalse());
    }

    @Test
    void withoutASpanTheEventHasNoTraceContextAndIsStillSent() {
        start(TraceLifecycle.STREAM, b -> b);
        Optional<String> id = Traces.captureException(failure());
        JsonObject event = flushAndAwaitEvents(1).get(0);
        assertThat(event.getString("event_id")).isEqualTo(id.orElseThrow());
        assertThat(event.getJsonObject("contexts").containsKey("trace")).isFalse();
        assertThat(event.containsKey("request")).isFalse();
        assertThat(parse(event).getExceptions()).hasSize(2);
    }

    @Test
    void anUnmappedExceptionLinksToTheServerSpanWithTheRequestAndNoHeadersWithoutPii() {
        start(TraceLifecycle.STREAM, b -> b);
        Span server = serverSpan();
        Optional<String> id = runtime.errors().captureUnhandled(failure(), server, headers());
        server.end();

        JsonObject event = flushAndAwaitEvents(1).get(0);
        assertThat(event.getString("event_id")).isEqualTo(id.orElseThrow());
        JsonObject trace = event.getJsonObject("contexts").getJsonObject("trace");
        assertThat(trace.getString("span_id")).isEqualTo(server.spanId());
        assertThat(trace.getString("op")).isEqualTo("http.server");
        JsonObject request = event.getJsonObject("request");
        assertThat(request.getString("method")).isEqualTo("POST");
        assertThat(request.getString("url")).isEqualTo("http://shop.example:8080/orders/7");
        assertThat(request.keySet()).containsOnly("method", "url");
        SentryEvent parsed = parse(event);
        SentryException thrown = parsed.getExceptions().get(1);
        assertThat(thrown.getMechanism().getType()).isEqualTo("auto.http.jakarta_rest.server");
        assertThat(thrown.getMechanism().isHandled()).isFalse();
        assertThat(parsed.getRequest().getMethod()).isEqualTo("POST");
    }

    @Test
    void withPiiTheRequestHeadersAreSentButNeverCredentials() {
        start(TraceLifecycle.STREAM, b -> b.sendDefaultPii(true));
        Span server = serverSpan();
        runtime.errors().captureUnhandled(failure(), server, headers());
        server.end();

        JsonObject headers = flushAndAwaitEvents(1).get(0).getJsonObject("request").getJsonObject("headers");
        assertThat(headers.keySet()).containsExactly("Accept", "User-Agent");
        assertThat(parse(sentry.receiver().events().get(0)).getRequest().getHeaders()).containsEntry("Accept", "text/plain");
    }

    @Test
    void captureUnhandledOffSendsNothingForUnmappedExceptionsButCaptureExceptionStillWorks() {
        start(TraceLifecycle.STREAM, b -> b.captureUnhandled(false));
        Span server = serverSpan();
        assertThat(runtime.errors().captureUnhandled(failure(), server, headers())).isEmpty();
        assertThat(Traces.captureException(failure())).isPresent();
        server.end();
        flushAndAwaitEvents(1);
        assertThat(runtime.flush(WAIT)).isTrue();
        assertThat(sentry.receiver().events()).hasSize(1);
    }

    @Test
    void beforeSendEventEditsOrDropsAndADropIsCountedAsBeforeSend() {
        start(TraceLifecycle.STREAM, b -> b.beforeSendEvent(event -> {
            if (event.throwable() instanceof IllegalArgumentException) {
                return false;
            }
            event.setExceptionMessage(1, "[redacted]");
            event.setTag("team", "billing");
            return true;
        }));
        Traces.captureException(new IllegalArgumentException("dropped"));
        Traces.captureException(failure());

        JsonObject event = flushAndAwaitEvents(1).get(0);
        assertThat(sentry.receiver().await(r -> r.discarded("before_send", "error") == 1, WAIT)).isTrue();
        assertThat(sentry.receiver().events()).hasSize(1);
        SentryEvent parsed = parse(event);
        assertThat(parsed.getExceptions().get(1).getValue()).isEqualTo("[redacted]");
        assertThat(parsed.getTag("team")).isEqualTo("billing");
    }

    @Test
    void aHookThatThrowsIsIgnoredAndTheEventIsSentAsCaptured() {
        start(TraceLifecycle.STREAM, b -> b.beforeSendEvent(event -> {
            throw new IllegalStateException("hook bug");
        }));
        Traces.captureException(failure());
        assertThat(parse(flushAndAwaitEvents(1).get(0)).getExceptions().get(1).getValue()).isEqualTo("invoice missing");
    }

    @Test
    void anErrorRateLimitDropsLaterEventsAndCountsThem() {
        start(TraceLifecycle.STREAM, b -> b);
        sentry.receiver().respondOnce(Behavior.status(200, Map.of("X-Sentry-Rate-Limits", "60:error:organization")));
        Traces.captureException(failure());
        flushAndAwaitEvents(1);
        Traces.captureException(failure());
        assertThat(runtime.flush(WAIT)).isTrue(); // the drop's client report goes out with the flush
        assertThat(sentry.receiver().await(r -> r.discarded("ratelimit_backoff", "error") == 1, WAIT))
                .as("reports: %s", sentry.receiver().clientReports()).isTrue();
        assertThat(sentry.receiver().events()).hasSize(1);
    }

    @Test
    void aDisabledLibraryCapturesNothing() {
        runtime = sentry.closeAfterTest(RuntimeAssembler.start(SentryOptions.builder().serverName("test-host").build()));
        SentryRuntime.install(runtime);
        assertThat(Traces.captureException(failure())).isEmpty();
    }

    private static Span serverSpan() {
        Span server = Traces.spanBuilder("POST /orders/{id}").op("http.server").start();
        server.setAttribute("http.request.method", "POST").setAttribute("url.scheme", "http")
                .setAttribute("server.address", "shop.example").setAttribute("server.port", 8080L)
                .setAttribute("url.path", "/orders/7").setAttribute("http.response.status_code", 500L);
        return server;
    }

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "text/plain");
        headers.put("Authorization", "Bearer secret");
        headers.put("Cookie", "session=secret");
        headers.put("User-Agent", "curl/8");
        return headers;
    }
}
