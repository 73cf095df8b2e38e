package io.github.sentryjakarta.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.RuntimeAssembler;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.jaxrs.app.FailResource;
import io.github.sentryjakarta.jaxrs.app.Gates;
import io.github.sentryjakarta.jaxrs.app.InvoiceService;
import io.github.sentryjakarta.testreceiver.ReceivedSpan;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import io.sentry.JsonSerializer;
import io.sentry.SentryEvent;
import io.sentry.protocol.SentryException;
import io.sentry.protocol.SentryStackFrame;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the filters must do on every runtime, over real HTTP against a real (fake) Sentry, in both
 * lifecycles. Subclasses start the runtime: two services A and B with the same application, each on one
 * worker thread so that "the next request" runs on the thread the previous one used.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerContract {

    static final Duration WAIT = Duration.ofSeconds(15);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    SentryReceiver receiver;
    TestServer a;
    TestServer b;
    /** The CDI container (Weld SE) the servers share: the resources are CDI beans. */
    WeldContainer weld;
    private SentryRuntime runtime;
    private TraceLifecycle lifecycle;

    /** Starts one service. */
    abstract TestServer startServer() throws Exception;

    /** Whether this runtime's JAX-RS client ends the span of a call that failed without a response. */
    abstract boolean clientEndsFailedCalls();

    /**
     * Whether an async call on the first request built on a new client joins the caller's trace. Jersey builds a
     * client's runtime (and runs the library's {@code AutoDiscoverable}, which registers the capture listener) only
     * once that first request is being built, so that request is not captured (a known limit, see the README).
     */
    abstract boolean capturesFirstRequestOfANewClient();

    /** Whether this runtime tells the filters the peer address (servlet containers do). */
    abstract boolean knowsPeerAddress();

    @BeforeAll
    void startAll() throws Exception {
        receiver = SentryReceiver.start();
        weld = new Weld(getClass().getSimpleName()).initialize();
        a = startServer();
        b = startServer();
    }

    @AfterAll
    void stopAll() {
        closeRuntime();
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (weld != null) {
            weld.shutdown();
        }
        receiver.close();
    }

    @AfterEach
    void closeRuntime() {
        if (runtime != null) {
            runtime.close(Duration.ofSeconds(2));
            SentryRuntime.uninstall(runtime);
            runtime = null;
        }
    }

    void configure(TraceLifecycle lifecycle) {
        configure(lifecycle, builder -> builder);
    }

    void configure(TraceLifecycle lifecycle, UnaryOperator<SentryOptions.Builder> customizer) {
        closeRuntime();
        receiver.reset();
        this.lifecycle = lifecycle;
        SentryOptions options = customizer.apply(SentryOptions.builder()
                .dsn(receiver.dsn())
                .traceLifecycle(lifecycle)
                .tracesSampleRate(1.0)
                .environment("test")
                .serverName("test-host")
                .inAppIncludes(List.of("io.github.sentryjakarta.jaxrs.app."))).build();
        runtime = RuntimeAssembler.start(options);
        SentryRuntime.install(runtime);
    }

    // ---------------------------------------------------------------- names and attributes

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void aRequestIsOneSegmentNamedAfterItsRouteWithTheHttpAttributes(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        String token = token();
        HttpResponse<String> response = get(url(a, "/orders/" + token));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("order " + token);

        ReceivedSpan span = awaitServerSpan(a.base() + "/orders/" + token);
        assertThat(span.name()).isEqualTo("GET " + a.base() + "/orders/{id}");
        assertThat(span.segment()).isTrue();
        assertThat(span.parentSpanId()).isNull();
        assertThat(span.status()).isEqualTo("ok");
        assertThat(span.attr("sentry.op")).isEqualTo("http.server");
        assertThat(span.attr("sentry.origin")).isEqualTo("auto.http.jakarta_rest.server");
        assertThat(span.attr("sentry.segment.name.source")).isEqualTo("route");
        assertThat(span.attr("http.request.method")).isEqualTo("GET");
        assertThat(span.attr("url.scheme")).isEqualTo("http");
        assertThat(span.attr("http.route")).isEqualTo(a.base() + "/orders/{id}");
        assertThat(span.attr("http.response.status_code")).isEqualTo(200L);
        assertThat(span.attr("server.address")).isEqualTo("127.0.0.1");
        assertThat(span.attr("server.port")).isEqualTo((long) URI.create(a.origin()).getPort());
        assertThat(span.attributes()).doesNotContainKeys("url.query", "client.address", "user_agent.original");
        assertWorkerClean(a, span.traceId());
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void classLevelPathsAndSubResourceLocatorsNameTheRouteTemplate(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        String token = token();
        assertThat(get(url(a, "/orders")).statusCode()).isEqualTo(200);
        HttpResponse<String> item = get(url(a, "/orders/" + token + "/items/7"));
        assertThat(item.body()).isEqualTo("order " + token + " item 7");

        assertThat(awaitServerSpan(a.base() + "/orders").name()).isEqualTo("GET " + a.base() + "/orders");
        ReceivedSpan located = awaitServerSpan(a.base() + "/orders/" + token + "/items/7");
        assertThat(located.name()).isEqualTo("GET " + a.base() + "/orders/{id}/items/{itemId}");
        assertThat(located.attr("http.route")).isEqualTo(a.base() + "/orders/{id}/items/{itemId}");
        assertThat(located.name()).doesNotContain(token);
        assertWorkerClean(a, located.traceId());
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void aRouteWorkedOutOnceNamesLaterRequestsToTheSameMethodAndNotThoseThroughALocator(TraceLifecycle lifecycle)
            throws Exception {
        configure(lifecycle);
        String first = token();
        String second = token();
        assertThat(get(url(a, "/orders/" + first)).statusCode()).isEqualTo(200);
        assertThat(get(url(a, "/orders/" + second)).statusCode()).isEqualTo(200);
        // A method reached through a sub-resource locator takes the general path, never a cached root name.
        assertThat(get(url(a, "/orders/" + first + "/items/7")).statusCode()).isEqualTo(200);
        assertThat(get(url(a, "/orders")).statusCode()).isEqualTo(200);

        assertThat(awaitServerSpan(a.base() + "/orders/" + first).name()).isEqualTo("GET " + a.base() + "/orders/{id}");
        ReceivedSpan again = awaitServerSpan(a.base() + "/orders/" + second);
        assertThat(again.name()).isEqualTo("GET " + a.base() + "/orders/{id}");
        assertThat(again.attr("http.route")).isEqualTo(a.base() + "/orders/{id}");
        assertThat(awaitServerSpan(a.base() + "/orders/" + first + "/items/7").name())
                .isEqualTo("GET " + a.base() + "/orders/{id}/items/{itemId}");
        assertThat(awaitServerSpan(a.base() + "/orders").name()).isEqualTo("GET " + a.base() + "/orders");
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void anUnmatchedRequestGetsALowCardinalityName(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        String token = token();
        ReceivedSpan span = served("/no/such/" + token, 404);
        assertThat(span.name()).isEqualTo("GET " + a.base() + "/*");
        assertThat(span.attributes()).doesNotContainKey("http.route");
        assertThat(span.attr("http.response.status_code")).isEqualTo(404L);
        assertThat(span.status()).isEqualTo("error");
        assertThat(span.attr("sentry.status.message")).isEqualTo("not_found");
        assertThat(span.attr("sentry.segment.name.source")).isEqualTo("route");
        if (lifecycle == TraceLifecycle.STATIC) {
            JsonObject transaction = transactionOf(span);
            assertThat(transaction.getJsonObject("contexts").getJsonObject("trace").getString("status"))
                    .isEqualTo("not_found");
            assertThat(transaction.getJsonObject("contexts").getJsonObject("response").getInt("status_code"))
                    .isEqualTo(404);
            JsonObject request = transaction.getJsonObject("request");
            assertThat(request.getString("method")).isEqualTo("GET");
            assertThat(request.getString("url")).isEqualTo(a.origin() + a.base() + "/no/such/" + token);
            assertThat(request.containsKey("query_string")).isFalse();
        }
        assertWorkerClean(a, span.traceId());
    }

    // ---------------------------------------------------------------- every ending ends the span once

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void aMappedExceptionEndsTheSpanWithTheMappedStatus(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        HttpResponse<String> response = get(url(a, "/fail/mapped"));
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).isEqualTo("mapped");

        ReceivedSpan span = awaitRoute("/fail/mapped", "/fail/mapped");
        assertThat(span.attr("http.response.status_code")).isEqualTo(409L);
        assertThat(span.status()).isEqualTo("error");
        assertEndedOnceOnACleanWorker(span);
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void anUnmappedExceptionThatSkipsResponseFiltersStillEndsTheSpan(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        String token = token();
        ReceivedSpan span = served("/fail/unmapped/" + token, 500);
        assertThat(span.name()).isEqualTo("GET " + a.base() + "/fail/unmapped/{token}");
        assertThat(span.attr("http.response.status_code")).isEqualTo(500L);
        assertThat(span.status()).isEqualTo("error");
        // Only the runtime hooks (not a response filter) know the exception: proves which path ended it.
        assertThat(span.attr("error.type")).isEqualTo(IllegalStateException.class.getName());
        assertEndedOnceOnACleanWorker(span);
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void anAsyncResponseResumedOnAnotherThreadEndsTheSpanAndFreesTheWorker(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        String token = token();
        Held held = hold("/async/suspend/" + token, token);

        assertThat(held.gate().response.resume("resumed")).isTrue();
        HttpResponse<String> response = held.response().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("resumed");

        ReceivedSpan span = awaitRoute("/async/suspend/" + token, "/async/suspend/{token}");
        assertThat(span.attr("http.response.status_code")).isEqualTo(200L);
        assertThat(span.status()).isEqualTo("ok");
        assertThat(held.probeWhileHeld()).doesNotContain(span.traceId());
        assertEndedOnceOnACleanWorker(span);
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void aCompletionStageEndsTheSpanWhenItCompletes(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        String token = token();
        Held held = hold("/async/stage/" + token, token);
        assertThat(receiver.spans()).isEmpty(); // not ended while the stage is incomplete

        CompletableFuture.runAsync(() -> held.gate().stage.complete("completed")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        HttpResponse<String> response = held.response().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(response.body()).isEqualTo("completed");

        ReceivedSpan span = awaitRoute("/async/stage/" + token, "/async/stage/{token}");
        assertThat(span.attr("http.response.status_code")).isEqualTo(200L);
        assertThat(held.probeWhileHeld()).doesNotContain(span.traceId());
        assertEndedOnceOnACleanWorker(span);
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void anAsyncResponseResumedInsideTheMethodEndsTheSpan(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        HttpResponse<String> response = get(url(a, "/async/inline"));
        assertThat(response.body()).isEqualTo("inline");

        ReceivedSpan span = awaitRoute("/async/inline", "/async/inline");
        assertThat(span.attr("http.response.status_code")).isEqualTo(200L);
        assertEndedOnceOnACleanWorker(span);
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void aClientThatDisconnectsBeforeTheResponseStillEndsTheSpan(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        String token = token();
        disconnectWhileHeld("/fail/slow/" + token, token).release();

        assertEndedOnceOnACleanWorker(awaitRoute("/fail/slow/" + token, "/fail/slow/{token}"));
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void anAsyncRequestWhoseClientDisconnectedEndsTheSpanWhenResumed(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        String token = token();
        disconnectWhileHeld("/async/suspend/" + token, token).response.resume("nobody listens");

        assertEndedOnceOnACleanWorker(awaitRoute("/async/suspend/" + token, "/async/suspend/{token}"));
    }

    // ---------------------------------------------------------------- configuration

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void ignoredPathsGetNoSpan(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle, options -> options.set(JaxrsOptions.IGNORE_PATHS,
                List.of("/orders/ignored-.*", a.base() + "/orders/full-.*")));
        String token = token();
        assertThat(get(url(a, "/orders/ignored-" + token)).statusCode()).isEqualTo(200);
        assertThat(get(url(a, "/orders/full-" + token)).statusCode()).isEqualTo(200);
        assertThat(get(url(a, "/orders/kept-" + token)).statusCode()).isEqualTo(200);

        ReceivedSpan kept = awaitServerSpan(a.base() + "/orders/kept-" + token);
        assertThat(all()).extracting(r -> String.valueOf(r.attr("url.path")))
                .noneMatch(path -> path.contains("ignored-") || path.contains("full-"));
        assertWorkerClean(a, kept.traceId());
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void withoutPiiNoQueryUserAgentOrClientAddress(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle, options -> options.sendDefaultPii(false));
        ReceivedSpan span = getWithPersonalData(token());
        assertThat(span.attributes()).doesNotContainKeys("url.query", "client.address", "user_agent.original");
        assertThat(span.attributes().values()).noneMatch(v -> String.valueOf(v).contains("s3cr3t"));
        assertWorkerClean(a, span.traceId());
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void withPiiTheQueryUserAgentAndClientAddressAreRecorded(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle, options -> options.sendDefaultPii(true));
        String token = token();
        ReceivedSpan span = getWithPersonalData(token);
        assertThat(span.attr("url.query")).isEqualTo("secret=s3cr3t");
        assertThat(span.attr("user_agent.original")).isEqualTo("probe-agent/1.0");
        assertThat(span.attr("client.address")).isEqualTo("203.0.113.7");
        get(url(a, "/orders/direct-" + token));
        ReceivedSpan direct = awaitServerSpan(a.base() + "/orders/direct-" + token);
        if (knowsPeerAddress()) {
            assertThat(direct.attr("client.address")).isEqualTo("127.0.0.1");
        } else {
            assertThat(direct.attributes()).doesNotContainKey("client.address");
        }
        assertWorkerClean(a, direct.traceId());
    }

    // ---------------------------------------------------------------- propagation

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

    // ---------------------------------------------------------------- error events

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

    // ---------------------------------------------------------------- helpers

    /** The one error event of {@code span}'s trace; it was sent before the span (one sender, in order). */
    JsonObject awaitOnlyEventOf(ReceivedSpan span) {
        Predicate<JsonObject> ofTrace = e -> e.getJsonObject("contexts").containsKey("trace")
                && span.traceId().equals(e.getJsonObject("contexts").getJsonObject("trace").getString("trace_id"));
        assertTrue(receiver.await(r -> r.events().stream().anyMatch(ofTrace), WAIT),
                () -> "no event of trace " + span.traceId() + "; received: " + receiver.events());
        List<JsonObject> events = receiver.events().stream().filter(ofTrace).toList();
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    static SentryEvent parseWithSentryJava(JsonObject event) {
        SentryEvent parsed = new JsonSerializer(new io.sentry.SentryOptions())
                .deserialize(new java.io.StringReader(event.toString()), SentryEvent.class);
        assertThat(parsed).as("io.sentry could not read %s", event).isNotNull();
        return parsed;
    }

    /** The worker thread that served the last request holds no span and no continued trace. */
    void assertWorkerClean(TestServer server, String previousTraceId) throws Exception {
        String probe = get(server.probeUrl()).body();
        assertThat(probe).startsWith("span=none ").doesNotContain(previousTraceId);
    }

    void assertOnlyOnce(ReceivedSpan span) {
        assertThat(all()).filteredOn(r -> r.spanId().equals(span.spanId())).hasSize(1);
    }

    /** The transaction event (static lifecycle) whose root is {@code segment}. */
    JsonObject transactionOf(ReceivedSpan segment) {
        return receiver.transactions().stream()
                .filter(t -> segment.spanId().equals(t.getJsonObject("contexts").getJsonObject("trace").getString("span_id")))
                .findFirst().orElseThrow();
    }

    /** GETs {@code path} of service A, requires the answer {@code status}, and returns A's server span of it. */
    ReceivedSpan served(String path, int status) throws IOException, InterruptedException {
        assertThat(get(url(a, path)).statusCode()).isEqualTo(status);
        return awaitServerSpan(a.base() + path);
    }

    /** A's server span of {@code path}, which must be named after {@code route}. */
    ReceivedSpan awaitRoute(String path, String route) {
        ReceivedSpan span = awaitServerSpan(a.base() + path);
        assertThat(span.name()).isEqualTo("GET " + a.base() + route);
        return span;
    }

    /** The span was sent once, and the worker thread of A that served it holds nothing of its trace. */
    void assertEndedOnceOnACleanWorker(ReceivedSpan span) throws Exception {
        assertOnlyOnce(span);
        assertWorkerClean(a, span.traceId());
    }

    /** A's server span of {@code GET /orders/<token>} sent with a query, a user agent and a forwarded client address. */
    ReceivedSpan getWithPersonalData(String token) throws Exception {
        get(url(a, "/orders/" + token + "?secret=s3cr3t"), "User-Agent", "probe-agent/1.0",
                "X-Forwarded-For", "203.0.113.7, 10.0.0.1");
        return awaitServerSpan(a.base() + "/orders/" + token);
    }

    /** A request of A held by its resource method ({@link Gates}), and what A's worker thread answered meanwhile. */
    record Held(CompletableFuture<HttpResponse<String>> response, Gates.Gate gate, String probeWhileHeld) {
    }

    /**
     * Sends {@code path} to A without waiting, until its resource method holds it at the gate of {@code token}; then
     * the worker thread, freed by the suspended request, must serve the next request with no span.
     */
    Held hold(String path, String token) throws Exception {
        CompletableFuture<HttpResponse<String>> pending = getAsync(url(a, path));
        Gates.Gate gate = Gates.gate(token);
        gate.awaitEntered();
        String whileHeld = get(a.probeUrl()).body();
        assertThat(whileHeld).startsWith("span=none ");
        return new Held(pending, gate, whileHeld);
    }

    /** Sends {@code path} to A on a plain socket and resets the connection once the resource method holds it. */
    Gates.Gate disconnectWhileHeld(String path, String token) throws Exception {
        try (Socket socket = rawRequest(a, a.base() + path)) {
            Gates.gate(token).awaitEntered();
            socket.setSoLinger(true, 0); // reset, not a polite close
        }
        return Gates.gate(token);
    }

    List<ReceivedSpan> all() {
        return receiver.receivedSpans();
    }

    ReceivedSpan awaitServerSpan(String urlPath) {
        return awaitSpan(r -> "http.server".equals(r.attr("sentry.op")) && urlPath.equals(r.attr("url.path")));
    }

    ReceivedSpan awaitSpan(Predicate<ReceivedSpan> predicate) {
        boolean arrived = receiver.await(r -> r.receivedSpans().stream().anyMatch(predicate), WAIT);
        assertTrue(arrived, () -> "no such span; received: " + all());
        Optional<ReceivedSpan> found = all().stream().filter(predicate).findFirst();
        return found.orElseThrow();
    }

    static String url(TestServer server, String path) {
        return server.origin() + server.base() + path;
    }

    HttpResponse<String> get(String url, String... headers) throws IOException, InterruptedException {
        return http.send(request(url, headers), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> getAsync(String url) {
        return http.sendAsync(request(url), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String url, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(WAIT);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.build();
    }

    /** Sends a request on a plain socket, so that the test can drop the connection whenever it likes. */
    static Socket rawRequest(TestServer server, String path) throws IOException {
        URI origin = URI.create(server.origin());
        Socket socket = new Socket(origin.getHost(), origin.getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + origin.getHost() + ":" + origin.getPort()
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return socket;
    }

    static String token() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static String hex(int length) {
        StringBuilder hex = new StringBuilder();
        while (hex.length() < length) {
            hex.append(UUID.randomUUID().toString().replace("-", ""));
        }
        String value = hex.substring(0, length);
        return value.charAt(0) == '0' ? "a" + value.substring(1) : value;
    }
}
