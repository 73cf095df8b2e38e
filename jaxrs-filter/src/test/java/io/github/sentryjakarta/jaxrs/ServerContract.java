package io.github.sentryjakarta.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.jaxrs.app.FailResource;
import io.github.sentryjakarta.jaxrs.app.InvoiceService;
import io.github.sentryjakarta.testreceiver.ReceivedSpan;
import io.sentry.SentryEvent;
import io.sentry.protocol.SentryException;
import io.sentry.protocol.SentryStackFrame;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the filters must do on every runtime, over real HTTP against a real (fake) Sentry, in both lifecycles:
 * the request span ({@link RequestSpanContract}), propagation ({@link PropagationContract}) and, here, error
 * events. Each concern is one class of the chain so that each stays readable; a runtime's test extends this
 * one and starts its services ({@link ServerHarness#startServer}).
 */
abstract class ServerContract extends PropagationContract {

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void anUnmappedExceptionIsExactlyOneErrorEventLinkedToTheServerSpanWithoutPersonalData(TraceLifecycle lifecycle)
            throws Exception {
        configure(lifecycle);
        String token = token();
        assertThat(get(url(a, "/fail/unmapped/" + token + "?card=4111"), "Authorization", "Bearer secret",
                "X-Request-Note", "private").statusCode()).isEqualTo(500);
        ReceivedSpan span = awaitServerSpan(a.base() + "/fail/unmapped/" + token);
        assertThat(span.attr("sentry.status.message")).isEqualTo("internal_error");
        JsonObject event = awaitOnlyEventOf(span);
        JsonObject trace = event.getJsonObject("contexts").getJsonObject("trace");
        assertThat(trace.getString("span_id")).isEqualTo(span.spanId());
        assertThat(trace.getString("op")).isEqualTo("http.server");
        assertThat(trace.getString("status")).isEqualTo("internal_error");
        assertThat(event.getString("transaction")).isEqualTo(span.name());
        JsonObject request = event.getJsonObject("request");
        assertThat(request.getString("method")).isEqualTo("GET");
        assertThat(request.getString("url")).isEqualTo(url(a, "/fail/unmapped/" + token));
        assertThat(request.keySet()).as("no query, no headers without send-default-pii").containsOnly("method", "url");
        assertThat(event.toString()).doesNotContain("4111", "secret", "private");

        SentryEvent parsed = parseWithSentryJava(event);
        SentryException thrown = parsed.getExceptions().get(parsed.getExceptions().size() - 1);
        assertThat(thrown.getType()).isEqualTo("IllegalStateException");
        assertThat(thrown.getValue()).isEqualTo("unmapped " + token);
        assertThat(thrown.getMechanism().isHandled()).isFalse();
        assertThat(thrown.getMechanism().getType()).isEqualTo("auto.http.jakarta_rest.server");
        List<SentryStackFrame> frames = thrown.getStacktrace().getFrames();
        SentryStackFrame innermost = frames.get(frames.size() - 1);
        assertThat(innermost.getModule()).startsWith(FailResource.class.getName());
        assertThat(innermost.getFunction()).isEqualTo("unmapped");
        assertThat(innermost.isInApp()).isTrue();
        assertThat(frames).filteredOn(f -> f.getModule().startsWith("org.")).isNotEmpty()
                .allSatisfy(f -> assertThat(f.isInApp()).isFalse());
        assertThat(parsed.getContexts().getTrace().getSpanId()).hasToString(span.spanId());
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void anExceptionThrownInASentrySpanMethodLinksToThatSpan(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        String token = token();
        ReceivedSpan server = served("/fail/bean/" + token, 500);
        ReceivedSpan render = awaitSpan(r -> "render invoice".equals(r.name()) && r.traceId().equals(server.traceId()));
        assertThat(server.attr("error.type")).isEqualTo(IllegalStateException.class.getName());
        JsonObject event = awaitOnlyEventOf(server);
        JsonObject trace = event.getJsonObject("contexts").getJsonObject("trace");
        assertThat(trace.getString("span_id")).as("where it was thrown").isEqualTo(render.spanId());
        assertThat(trace.getString("parent_span_id")).isEqualTo(server.spanId());
        assertThat(trace.getString("op")).isEqualTo("template");
        assertThat(event.getString("transaction")).isEqualTo(server.name());
        SentryEvent parsed = parseWithSentryJava(event);
        List<SentryStackFrame> frames = parsed.getExceptions().get(parsed.getExceptions().size() - 1)
                .getStacktrace().getFrames();
        assertThat(frames.get(frames.size() - 1).getModule()).startsWith(InvoiceService.class.getName());
        assertThat(frames.get(frames.size() - 1).getFunction()).isEqualTo("render");
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void exceptionsMappedToClientErrorsAreNotErrorEvents(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        ReceivedSpan missing = served("/fail/missing/" + token(), 404);
        assertThat(missing.attr("sentry.status.message")).isEqualTo("not_found");
        ReceivedSpan mapped = served("/fail/mapped", 409);
        assertThat(mapped.attr("sentry.status.message")).isEqualTo("already_exists");
        // One sender sends in order: an event would have arrived before the spans that ended after it.
        assertThat(receiver.events()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void withPiiTheEventCarriesTheQueryAndHeadersButNeverCredentials(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle, options -> options.sendDefaultPii(true));
        String token = token();
        get(url(a, "/fail/unmapped/" + token + "?page=2"), "Authorization", "Bearer secret",
                "Cookie", "session=secret", "X-Request-Note", "kept");

        JsonObject request = awaitOnlyEventOf(awaitServerSpan(a.base() + "/fail/unmapped/" + token))
                .getJsonObject("request");
        assertThat(request.getString("query_string")).isEqualTo("page=2");
        Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.getJsonObject("headers").forEach((k, v) -> headers.put(k, ((jakarta.json.JsonString) v).getString()));
        assertThat(headers).containsEntry("X-Request-Note", "kept").doesNotContainKeys("Authorization", "Cookie");
        assertThat(request.toString()).doesNotContain("secret");
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void captureUnhandledOffSendsNoEvent(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle, options -> options.captureUnhandled(false));
        ReceivedSpan span = served("/fail/unmapped/" + token(), 500);
        assertThat(span.attr("error.type")).isEqualTo(IllegalStateException.class.getName());
        assertThat(receiver.events()).isEmpty();
    }
}
