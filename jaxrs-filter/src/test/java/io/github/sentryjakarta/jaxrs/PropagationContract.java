package io.github.sentryjakarta.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.testreceiver.ReceivedSpan;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Traces cross services: an incoming trace is continued, the JAX-RS client (sync, async, rx) makes child spans
 * and sends the trace headers only to the propagation targets, an unsampled caller makes the callee unsampled,
 * and hostile headers start a new trace without touching the request.
 */
abstract class PropagationContract extends RequestSpanContract {

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void anIncomingTraceIsContinued(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        String trace = hex(32);
        String parent = hex(16);
        String token = token();
        get(url(a, "/orders/st-" + token), "sentry-trace", " " + trace + "-" + parent + "-1 ",
                "baggage", "other=1,sentry-trace_id=" + trace + ",sentry-sample_rand=0.5");
        String trace2 = hex(32);
        get(url(a, "/orders/tp-" + token), "traceparent", "00-" + trace2 + "-" + parent + "-01");

        ReceivedSpan fromSentryTrace = awaitServerSpan(a.base() + "/orders/st-" + token);
        assertThat(fromSentryTrace.traceId()).isEqualTo(trace);
        assertThat(fromSentryTrace.parentSpanId()).isEqualTo(parent);
        assertThat(fromSentryTrace.segment()).isTrue();
        ReceivedSpan fromTraceparent = awaitServerSpan(a.base() + "/orders/tp-" + token);
        assertThat(fromTraceparent.traceId()).isEqualTo(trace2);
        assertThat(fromTraceparent.parentSpanId()).isEqualTo(parent);
        assertWorkerClean(a, trace2);
        assertWorkerClean(a, trace);
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void aCallFromAToBIsOneTraceWithBsServerSpanUnderAsClientSpan(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        String token = token();
        String target = "http://localhost:" + URI.create(b.origin()).getPort() + b.base() + "/orders/" + token;
        HttpResponse<String> response = get(url(a, "/call?url=" + URLEncoder.encode(target + "?q=1", StandardCharsets.UTF_8)));
        assertThat(response.body()).isEqualTo("200\norder " + token);

        ReceivedSpan serverB = awaitServerSpan(b.base() + "/orders/" + token);
        ReceivedSpan serverA = awaitServerSpan(a.base() + "/call");
        ReceivedSpan client = awaitSpan(r -> "http.client".equals(r.attr("sentry.op")));
        assertThat(serverA.name()).isEqualTo("GET " + a.base() + "/call");
        assertThat(client.name()).isEqualTo("GET " + target);
        assertThat(client.traceId()).isEqualTo(serverA.traceId());
        assertThat(client.parentSpanId()).isEqualTo(serverA.spanId());
        assertThat(client.segment()).isFalse();
        assertThat(client.attr("sentry.origin")).isEqualTo("auto.http.jakarta_rest.client");
        assertThat(client.attr("http.request.method")).isEqualTo("GET");
        assertThat(client.attr("url.full")).isEqualTo(target); // no query without PII
        assertThat(client.attr("server.address")).isEqualTo("localhost");
        assertThat(client.attr("server.port")).isEqualTo((long) URI.create(b.origin()).getPort());
        assertThat(client.attr("http.response.status_code")).isEqualTo(200L);
        assertThat(client.status()).isEqualTo("ok");

        assertThat(serverB.traceId()).isEqualTo(serverA.traceId());
        assertThat(serverB.parentSpanId()).isEqualTo(client.spanId());
        assertThat(serverB.segment()).isTrue();
        assertWorkerClean(a, serverA.traceId());
        assertWorkerClean(b, serverA.traceId());
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void asyncAndRxClientCallsAreChildrenOfTheCallersSpan(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        String token = token();
        String target = b.origin() + b.base() + "/orders/" + token;
        HttpResponse<String> response = get(url(a, "/call/async?url=" + URLEncoder.encode(target, StandardCharsets.UTF_8)));
        assertThat(response.body()).isEqualTo("order " + token + "\norder " + token);

        ReceivedSpan serverA = awaitServerSpan(a.base() + "/call/async");
        // Both callees and both client spans: a client span that Jersey did not give the caller's context (the
        // first request of a new client) is a local root of its own, sent when it ends, maybe after the callees.
        assertTrue(receiver.await(r -> {
            List<ReceivedSpan> received = r.receivedSpans();
            return received.stream().filter(s -> (b.base() + "/orders/" + token).equals(s.attr("url.path"))).count() == 2
                    && received.stream().filter(s -> "http.client".equals(s.attr("sentry.op"))).count() == 2;
        }, WAIT));
        List<ReceivedSpan> clients = all().stream().filter(r -> "http.client".equals(r.attr("sentry.op"))).toList();
        List<ReceivedSpan> callees = all().stream().filter(r -> (b.base() + "/orders/" + token).equals(r.attr("url.path"))).toList();
        List<ReceivedSpan> joined = clients.stream().filter(client -> client.traceId().equals(serverA.traceId())).toList();
        assertThat(clients).hasSize(2);
        assertThat(joined).hasSize(capturesFirstRequestOfANewClient() ? 2 : 1).allSatisfy(client -> {
            assertThat(client.parentSpanId()).isEqualTo(serverA.spanId());
            assertThat(client.segment()).isFalse();
        });
        assertThat(callees).extracting(ReceivedSpan::parentSpanId)
                .containsExactlyInAnyOrderElementsOf(clients.stream().map(ReceivedSpan::spanId).toList());
        assertThat(callees).extracting(ReceivedSpan::traceId)
                .containsExactlyInAnyOrderElementsOf(clients.stream().map(ReceivedSpan::traceId).toList());
        assertWorkerClean(a, serverA.traceId());
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void anUnsampledCallerMakesTheCalleeUnsampled(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        String trace = hex(32);
        String echo = "http://localhost:" + URI.create(b.origin()).getPort() + b.base() + "/orders/headers/echo";
        HttpResponse<String> response = get(url(a, "/call?url=" + URLEncoder.encode(echo, StandardCharsets.UTF_8)),
                "sentry-trace", trace + "-" + hex(16) + "-0");
        assertThat(response.body()).containsPattern("sentry-trace=" + trace + "-[0-9a-f]{16}-0\n");
        assertThat(response.body()).contains("sentry-sampled=false");

        String marker = token();
        get(url(a, "/orders/" + marker));
        awaitServerSpan(a.base() + "/orders/" + marker);
        assertThat(all()).noneMatch(r -> r.traceId().equals(trace));
        assertWorkerClean(a, trace);
        assertWorkerClean(b, trace);
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void headersGoOnlyToPropagationTargetsAndNeverToTheSentryHost(TraceLifecycle lifecycle) throws Exception {
        int portB = URI.create(b.origin()).getPort();
        configure(lifecycle, options -> options.tracePropagationTargets(List.of("localhost:" + portB + "/only-this")));
        String viaLocalhost = "http://localhost:" + portB + b.base() + "/orders/headers/echo";
        assertThat(get(url(a, "/call?url=" + URLEncoder.encode(viaLocalhost, StandardCharsets.UTF_8))).body())
                .contains("sentry-trace=null").contains("baggage=null");

        // Never to Sentry itself: make B's host and port the DSN's, and B gets no headers.
        String viaSentryHost = b.origin() + b.base() + "/orders/headers/echo";
        configure(lifecycle, options -> options.dsn("http://publickey@" + URI.create(b.origin()).getHost() + ":" + portB + "/42"));
        assertThat(get(url(a, "/call?url=" + URLEncoder.encode(viaSentryHost, StandardCharsets.UTF_8))).body())
                .contains("sentry-trace=null").contains("baggage=null");

        configure(lifecycle); // targets: everything, Sentry is the receiver: the same host, another port
        assertThat(get(url(a, "/call?url=" + URLEncoder.encode(viaSentryHost, StandardCharsets.UTF_8))).body())
                .containsPattern("sentry-trace=[0-9a-f]{32}-[0-9a-f]{16}-1\n").contains("sentry-trace_id=");
        ReceivedSpan last = awaitServerSpan(b.base() + "/orders/headers/echo");
        assertWorkerClean(a, last.traceId());
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void aCallThatFailsWithoutAResponseLeavesNothingOpen(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String refused = "http://localhost:" + closedPort + "/nothing";
        assertThat(get(url(a, "/call?url=" + URLEncoder.encode(refused, StandardCharsets.UTF_8))).body())
                .startsWith("failed: ");

        ReceivedSpan serverA = awaitServerSpan(a.base() + "/call");
        assertThat(serverA.status()).isEqualTo("ok");
        if (clientEndsFailedCalls()) {
            ReceivedSpan client = awaitSpan(r -> "http.client".equals(r.attr("sentry.op")));
            assertThat(client.status()).isEqualTo("error");
            assertThat(client.parentSpanId()).isEqualTo(serverA.spanId());
            assertThat(client.attributes()).containsKey("error.type").doesNotContainKey("http.response.status_code");
        }
        assertWorkerClean(a, serverA.traceId());
    }

    static Stream<Arguments> hostileHeaders() {
        String trace = hex(32);
        String span = hex(16);
        String longValue = "x".repeat(10 * 1024);
        StringBuilder members = new StringBuilder("sentry-trace_id=" + trace);
        for (int i = 0; i < 200; i++) {
            members.append(",m").append(i).append("=v").append(i);
        }
        List<Arguments> cases = new ArrayList<>();
        List<List<String>> headers = List.of(
                List.of("baggage", "sentry-trace_id=" + trace + ",big=" + longValue),
                List.of("baggage", members.toString()),
                List.of("baggage", "sentry-trace_id=%zz" + trace + ",sentry-sample_rand=%E0%A4%A,sentry-public_key=%,=,,;"),
                List.of("sentry-trace", "not-a-trace", "baggage", "sentry-trace_id=" + trace),
                List.of("sentry-trace", "0".repeat(32) + "-" + span + "-1"),
                List.of("sentry-trace", trace + "-" + "0".repeat(16) + "-1"),
                List.of("sentry-trace", trace.substring(1) + "-" + span + "-1"),
                List.of("sentry-trace", trace + "-" + span + "-1" + longValue),
                List.of("sentry-trace", trace + "\u00e9-" + span),
                List.of("traceparent", "00-" + "0".repeat(32) + "-" + span + "-01"),
                List.of("traceparent", "zz-" + trace + "-" + span + "-01-extra"));
        for (TraceLifecycle lifecycle : TraceLifecycle.values()) {
            for (List<String> h : headers) {
                cases.add(Arguments.of(lifecycle, trace, h));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("hostileHeaders")
    void hostileHeadersLeaveTheRequestAloneAndStartANewTrace(TraceLifecycle lifecycle, String trace,
            List<String> headers) throws Exception {
        configure(lifecycle);
        String token = token();
        HttpResponse<String> response = get(url(a, "/orders/" + token), headers.toArray(String[]::new));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("order " + token);

        ReceivedSpan span = awaitServerSpan(a.base() + "/orders/" + token);
        assertThat(span.traceId()).isNotEqualTo(trace).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
        assertThat(span.parentSpanId()).isNull();
        assertThat(span.name()).isEqualTo("GET " + a.base() + "/orders/{id}");
        assertWorkerClean(a, span.traceId());
    }
}
