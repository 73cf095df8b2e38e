package io.github.sentryjakarta.testreceiver;

import com.sun.net.httpserver.HttpHandler;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A fake Sentry: a real HTTP server on 127.0.0.1 that accepts envelopes for one project, checks
 * them as strictly as Sentry does and records them for assertions.
 *
 * <pre>{@code
 * try (SentryReceiver sentry = SentryReceiver.start()) {
 *     // configure the code under test with sentry.dsn()
 *     assertThat(sentry.awaitSpans(3, Duration.ofSeconds(5))).isTrue();
 *     assertThat(sentry.rejections()).isEmpty();
 * }
 * }</pre>
 *
 * <p>Every envelope request ends up in exactly one place: {@link #envelopes()} (answered 2xx),
 * {@link #refusedEnvelopes()} (well-formed but answered otherwise by a {@link Behavior}), or
 * {@link #rejections()} (malformed, unauthenticated or misaddressed). All methods are thread-safe.
 */
public final class SentryReceiver implements AutoCloseable {

    /** The public key used by {@link #start()}. */
    public static final String DEFAULT_PUBLIC_KEY = "publickey";
    /** The project id used by {@link #start()}. */
    public static final String DEFAULT_PROJECT_ID = "42";

    private final String publicKey;
    private final String projectId;
    private final Journal journal = new Journal();
    private final BehaviorSchedule schedule = new BehaviorSchedule();
    private final LoopbackServer server = new LoopbackServer();

    private SentryReceiver(String publicKey, String projectId) {
        this.publicKey = publicKey;
        this.projectId = projectId;
        Map<String, HttpHandler> handlers = new LinkedHashMap<>();
        handlers.put("/api/", new IngestHandler(publicKey, projectId, journal, schedule, server.timer()));
        handlers.put(SpotlightHandler.PATH, new SpotlightHandler(journal));
        handlers.put("/", new UnknownPathHandler(journal));
        server.start(handlers);
    }

    /**
     * Starts a receiver for public key {@value #DEFAULT_PUBLIC_KEY} and project
     * {@value #DEFAULT_PROJECT_ID} on a free port.
     *
     * @return the running receiver
     * @throws UncheckedIOException if no port can be bound
     */
    public static SentryReceiver start() {
        return start(DEFAULT_PUBLIC_KEY, DEFAULT_PROJECT_ID);
    }

    /**
     * Starts a receiver for the given public key and project on a free port.
     *
     * @param publicKey the key clients must present as {@code sentry_key}
     * @param projectId the project in the DSN path
     * @return the running receiver
     * @throws UncheckedIOException if no port can be bound
     */
    public static SentryReceiver start(String publicKey, String projectId) {
        requireToken(publicKey, "publicKey");
        requireToken(projectId, "projectId");
        return new SentryReceiver(publicKey, projectId);
    }

    /**
     * The port, the same for the receiver's whole life, including after {@link #down()}/{@link #up()}.
     *
     * @return the TCP port on 127.0.0.1
     */
    public int port() {
        return server.port();
    }

    /**
     * The DSN that points a client at this receiver.
     *
     * @return {@code http://{publicKey}@127.0.0.1:{port}/{projectId}}
     */
    public String dsn() {
        return "http://" + publicKey + "@127.0.0.1:" + port() + "/" + projectId;
    }

    /**
     * The Spotlight URL served by this receiver; envelopes posted there are in {@link #spotlightEnvelopes()}.
     *
     * @return {@code http://127.0.0.1:{port}/stream}
     */
    public String spotlightUrl() {
        return "http://127.0.0.1:" + port() + SpotlightHandler.PATH;
    }

    /**
     * Envelopes answered with a 2xx status, in arrival order.
     *
     * @return a snapshot
     */
    public List<Envelope> envelopes() {
        return journal.accepted();
    }

    /**
     * Takes the envelopes answered with a 2xx status and forgets them, in one step: an envelope arriving
     * meanwhile is in this answer or the next one. For long runs (load benchmarks) that would otherwise keep
     * every envelope in memory.
     *
     * @return the envelopes accepted since the last call (or start, or {@link #reset()}), in arrival order
     */
    public List<Envelope> takeEnvelopes() {
        return journal.takeAccepted();
    }

    /**
     * Well-formed envelopes that a {@link Behavior} answered with a non-2xx status or a dropped
     * connection: the client was told they were not taken.
     *
     * @return a snapshot
     */
    public List<Envelope> refusedEnvelopes() {
        return journal.refused();
    }

    /**
     * Envelopes posted to {@link #spotlightUrl()}.
     *
     * @return a snapshot
     */
    public List<Envelope> spotlightEnvelopes() {
        return journal.spotlight();
    }

    /**
     * Why requests were turned away (malformed envelope, bad auth, wrong project or path), each
     * reason starting with the status answered. A correct client produces none.
     *
     * @return a snapshot
     */
    public List<String> rejections() {
        return journal.rejections();
    }

    /**
     * Requests received on any path except Spotlight's, whatever their outcome.
     *
     * @return the number of requests since start or {@link #reset()}
     */
    public int requestCount() {
        return journal.requests();
    }

    /**
     * All spans from the span v2 items of accepted envelopes, in arrival order.
     *
     * @return the spans
     */
    public List<JsonObject> spans() {
        return payloads("span")
                .flatMap(container -> container.getJsonArray("items").getValuesAs(JsonObject.class).stream())
                .toList();
    }

    /**
     * Every span accepted, whichever lifecycle sent it: the spans of span v2 items and the root and child spans of
     * transaction events, in arrival order (a transaction's root before its children).
     *
     * @return the spans as typed views
     */
    public List<ReceivedSpan> receivedSpans() {
        return envelopes().stream()
                .flatMap(envelope -> envelope.items().stream())
                .flatMap(item -> switch (item.type()) {
                    case "span" -> item.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                            .map(ReceivedSpan::fromSpanV2);
                    case "transaction" -> ReceivedSpan.fromTransaction(item.json()).stream();
                    default -> Stream.empty();
                })
                .toList();
    }

    /**
     * The transaction events of accepted envelopes.
     *
     * @return the transaction payloads
     */
    public List<JsonObject> transactions() {
        return payloads("transaction").toList();
    }

    /**
     * The error events ({@code event} items) of accepted envelopes.
     *
     * @return the event payloads
     */
    public List<JsonObject> events() {
        return payloads("event").toList();
    }

    /**
     * The client reports of accepted envelopes.
     *
     * @return the client report payloads
     */
    public List<JsonObject> clientReports() {
        return payloads("client_report").toList();
    }

    /**
     * Sums {@code quantity} over the {@code discarded_events} of every accepted client report.
     *
     * @param reason   for example {@code queue_overflow} or {@code ratelimit_backoff}
     * @param category for example {@code span} or {@code transaction}
     * @return the total quantity discarded for that reason and category
     */
    public long discarded(String reason, String category) {
        return clientReports().stream()
                .flatMap(report -> report.getJsonArray("discarded_events") == null
                        ? Stream.<JsonValue>empty()
                        : report.getJsonArray("discarded_events").stream())
                .map(JsonValue::asJsonObject)
                .filter(entry -> reason.equals(entry.getString("reason")) && category.equals(entry.getString("category")))
                .mapToLong(entry -> ((JsonNumber) entry.get("quantity")).longValue())
                .sum();
    }

    /**
     * Waits until at least {@code count} spans were accepted.
     *
     * @param count   the number of spans to wait for
     * @param timeout how long to wait at most
     * @return true if the spans arrived in time, false on timeout
     */
    public boolean awaitSpans(int count, Duration timeout) {
        return await(receiver -> receiver.spans().size() >= count, timeout);
    }

    /**
     * Waits until {@code condition} holds. It is checked now and again after every request the
     * receiver records, never by sleeping and polling. It runs while recording is held off, so it
     * should only read this receiver. If the waiting thread is interrupted, the condition is
     * checked one last time and the interrupt flag is kept.
     *
     * @param condition what to wait for, evaluated against this receiver
     * @param timeout   how long to wait at most
     * @return true if the condition held in time, false on timeout
     */
    public boolean await(Predicate<SentryReceiver> condition, Duration timeout) {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(timeout, "timeout");
        return journal.await(() -> condition.test(this), timeout);
    }

    /**
     * Answers every following envelope request with {@code behavior}, until changed again.
     * Behaviours queued with {@link #respondOnce(Behavior)} go first.
     *
     * @param behavior the new standing behaviour
     */
    public void respondWith(Behavior behavior) {
        schedule.always(behavior);
    }

    /**
     * Answers the next envelope request only with {@code behavior}; calling it several times
     * queues behaviours for the following requests in order. Requests rejected before a behaviour
     * applies (malformed, bad auth) do not use up a queued behaviour.
     *
     * @param behavior the behaviour for one request
     */
    public void respondOnce(Behavior behavior) {
        schedule.once(behavior);
    }

    /**
     * Stops listening, so that new connections are refused, and drops open ones (a request in
     * flight may see its connection closed). Nothing holds the port while down; {@link #up()}
     * binds it again. Does nothing if already down.
     */
    public void down() {
        server.down();
    }

    /**
     * Listens again on the same port after {@link #down()}; does nothing if already up.
     *
     * @throws IllegalStateException if the receiver was closed
     * @throws UncheckedIOException  if the port was taken in the meantime
     */
    public void up() {
        server.up();
    }

    /**
     * Whether the receiver is currently listening.
     *
     * @return false after {@link #down()} or {@link #close()}
     */
    public boolean isUp() {
        return server.isUp();
    }

    /**
     * Forgets everything recorded and goes back to {@link Behavior#accept()}, dropping queued
     * one-shot behaviours. Does not bring the receiver {@link #up()}.
     */
    public void reset() {
        schedule.reset();
        journal.clear();
    }

    /**
     * Stops the server and its threads, interrupting any request held by {@link Behavior#slow(Duration)}.
     */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "SentryReceiver[" + dsn() + "]";
    }

    private Stream<JsonObject> payloads(String type) {
        return envelopes().stream()
                .flatMap(envelope -> envelope.items().stream())
                .filter(item -> item.type().equals(type))
                .map(Item::json);
    }

    private static void requireToken(String value, String name) {
        if (value == null || value.isBlank() || value.matches(".*[/@:\\s].*")) {
            throw new IllegalArgumentException(name + " must be non-blank without '/', '@', ':' or spaces: " + value);
        }
    }
}
