package io.github.sentryjakarta.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.RuntimeAssembler;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.jaxrs.app.Gates;
import io.github.sentryjakarta.testreceiver.ReceivedSpan;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import io.sentry.JsonSerializer;
import io.sentry.SentryEvent;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The running services the JAX-RS contract tests talk to: a real (fake) Sentry, the CDI container, two services A
 * and B with the same application, each on one worker thread so that "the next request" runs on the thread the
 * previous one used, and the requests and waits the tests share. Subclasses of {@link ServerContract} start the
 * runtime (Jersey, RESTEasy).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerHarness {

    static final Duration WAIT = Duration.ofSeconds(15);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    SentryReceiver receiver;
    TestServer a;
    TestServer b;
    /** The CDI container (Weld SE) the servers share: the resources are CDI beans. */
    WeldContainer weld;
    private SentryRuntime runtime;

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
