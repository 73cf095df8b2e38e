package io.github.sentryjakarta.testreceiver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * A Sentry for load: accepts every envelope, counts it when it arrives ({@link EnvelopeTally}: spans counted
 * without parsing, client reports kept) and answers 200 after a fixed latency from a timer, so that no thread
 * waits per request: {@link SentryReceiver}'s
 * strict parsing of thousands of envelopes takes more CPU than the SDK under test on a small machine, which
 * is not what a delivery test or benchmark measures. Whether envelopes are valid is {@link SentryReceiver}'s to
 * prove.
 */
public final class CountingReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final Duration latency;
    private final EnvelopeTally tally = new EnvelopeTally();

    /**
     * Starts listening on a free port of 127.0.0.1.
     *
     * @param latency how long after reading a request it is answered; zero for at once
     */
    public CountingReceiver(Duration latency) {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
        this.latency = latency;
        this.workers = Executors.newFixedThreadPool(4, daemon("counting-receiver"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("counting-receiver-timer"));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** @return a DSN for project 42 with public key {@code publickey} pointing here */
    public String dsn() {
        return "http://publickey@127.0.0.1:" + server.getAddress().getPort() + "/42";
    }

    /** @return spans received so far (a transaction counts its root and children) */
    public long spans() {
        return tally.spans();
    }

    /** @return envelopes received so far */
    public long envelopes() {
        return tally.envelopes();
    }

    /** @return the client-report items received since the last call, oldest first */
    public List<Item> takeClientReports() {
        return tally.takeClientReports();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = in.readAllBytes();
            }
        }
        long found = tally.add(body); // received is what Sentry would ingest, whether the client waits for the answer or not
        if (latency.isZero()) {
            answer(exchange, found);
        } else {
            timer.schedule(() -> answer(exchange, found), latency.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void answer(HttpExchange exchange, long found) {
        try {
            byte[] ok = "{}".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
        } catch (IOException e) {
            // the client gave up on it: not counted as received
        } finally {
            exchange.close();
        }
    }

    /** Stops listening for good: connections are refused from now on. */
    public void down() {
        server.stop(0);
    }

    @Override
    public void close() {
        server.stop(0);
        timer.shutdownNow();
        workers.shutdownNow();
    }
}
