package io.github.sentryjakarta.testreceiver;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    private static final int THREADS = 8;
    /** Connections waiting to be accepted: a client may open hundreds at once. */
    private static final int BACKLOG = 1024;
    private static final AtomicInteger RECEIVERS = new AtomicInteger();

    static {
        // The JDK server reads this once; without it every response waits ~40 ms on Nagle and delayed ACKs,
        // which makes tests with thousands of envelopes needlessly slow.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // A client with hundreds of requests in flight keeps as many connections alive between them; above
        // 200 idle connections (the default) the JDK server closes new ones, which a real Sentry does not.
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
        }
    }

    private final String publicKey;
    private final String projectId;
    private final Journal journal = new Journal();
    private final BehaviorSchedule schedule = new BehaviorSchedule();
    private final IngestHandler ingest;
    private final SpotlightHandler spotlight;
    private final UnknownPathHandler unknown;
    private final ExecutorService executor;
    private final ScheduledExecutorService timer;
    private final Object lifecycle = new Object();
    private final int port;
    private HttpServer server; // guarded by lifecycle; null while down or after close
    private boolean closed; // guarded by lifecycle

    private SentryReceiver(String publicKey, String projectId) {
        this.publicKey = publicKey;
        this.projectId = projectId;
        this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("timer"));
        this.ingest = new IngestHandler(publicKey, projectId, journal, schedule, timer);
        this.spotlight = new SpotlightHandler(journal);
        this.unknown = new UnknownPathHandler(journal);
        this.executor = Executors.newFixedThreadPool(THREADS, daemonThreads("worker"));
        try {
            this.server = listen(0);
        } catch (RuntimeException e) {
            executor.shutdownNow();
            timer.shutdownNow();
            throw e;
        }
        this.port = server.getAddress().getPort();
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
        return port;
    }

    /**
     * The DSN that points a client at this receiver.
     *
     * @return {@code http://{publicKey}@127.0.0.1:{port}/{projectId}}
     */
    public String dsn() {
        return "http://" + publicKey + "@127.0.0.1:" + port + "/" + projectId;
    }

    /**
     * The Spotlight URL served by this receiver; envelopes posted there are in {@link #spotlightEnvelopes()}.
     *
     * @return {@code http://127.0.0.1:{port}/stream}
     */
    public String spotlightUrl() {
        return "http://127.0.0.1:" + port + SpotlightHandler.PATH;
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
        synchronized (lifecycle) {
            if (server != null) {
                server.stop(0);
                server = null;
            }
        }
    }

    /**
     * Listens again on the same port after {@link #down()}; does nothing if already up.
     *
     * @throws IllegalStateException if the receiver was closed
     * @throws UncheckedIOException  if the port was taken in the meantime
     */
    public void up() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("receiver is closed");
            }
            if (server == null) {
                server = listen(port);
            }
        }
    }

    /**
     * Whether the receiver is currently listening.
     *
     * @return false after {@link #down()} or {@link #close()}
     */
    public boolean isUp() {
        synchronized (lifecycle) {
            return server != null;
        }
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
        synchronized (lifecycle) {
            closed = true;
            if (server != null) {
                server.stop(0);
                server = null;
            }
        }
        timer.shutdownNow();
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    private HttpServer listen(int port) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(loopback(), port), BACKLOG);
            http.createContext("/api/", ingest);
            http.createContext(SpotlightHandler.PATH, spotlight);
            http.createContext("/", unknown);
            http.setExecutor(executor);
            http.start();
            return http;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }

    // A literal address: "localhost" could resolve to ::1 while the DSN says 127.0.0.1.
    private static InetAddress loopback() throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    }

    private static ThreadFactory daemonThreads(String role) {
        int receiver = RECEIVERS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        return task -> {
            // Daemon threads: a test that forgets close() must not keep the JVM alive.
            Thread thread = new Thread(task, "sentry-receiver-" + receiver + "-" + role + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void requireToken(String value, String name) {
        if (value == null || value.isBlank() || value.matches(".*[/@:\\s].*")) {
            throw new IllegalArgumentException(name + " must be non-blank without '/', '@', ':' or spaces: " + value);
        }
    }
}
