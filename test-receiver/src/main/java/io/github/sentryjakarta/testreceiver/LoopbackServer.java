package io.github.sentryjakarta.testreceiver;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side of a {@link SentryReceiver}: a JDK server on 127.0.0.1 that keeps one port for its whole life while
 * it is taken down and brought up again, its worker threads, and the timer that answers delayed requests. What the
 * requests mean is the handlers' business.
 */
final class LoopbackServer {

    private static final int THREADS = 8;
    /** Connections waiting to be accepted: a client may open hundreds at once. */
    private static final int BACKLOG = 1024;
    private static final AtomicInteger SERVERS = new AtomicInteger();

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

    private final int number = SERVERS.incrementAndGet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("timer"));
    private final ExecutorService executor = Executors.newFixedThreadPool(THREADS, daemonThreads("worker"));
    private final Map<String, HttpHandler> contexts = new LinkedHashMap<>();
    private final Object lifecycle = new Object();
    private int port; // fixed by start
    private HttpServer server; // guarded by lifecycle; null while down or after close
    private boolean closed; // guarded by lifecycle

    /** @return the timer on which handlers answer delayed requests; stopped by {@link #close()} */
    ScheduledExecutorService timer() {
        return timer;
    }

    /**
     * Binds a free port and serves {@code handlers} by path prefix.
     *
     * @throws UncheckedIOException if no port can be bound (the threads are stopped then)
     */
    void start(Map<String, HttpHandler> handlers) {
        contexts.putAll(handlers);
        try {
            synchronized (lifecycle) {
                server = listen(0);
                port = server.getAddress().getPort();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    int port() {
        return port;
    }

    void down() {
        synchronized (lifecycle) {
            if (server != null) {
                server.stop(0);
                server = null;
            }
        }
    }

    void up() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("receiver is closed");
            }
            if (server == null) {
                server = listen(port);
            }
        }
    }

    boolean isUp() {
        synchronized (lifecycle) {
            return server != null;
        }
    }

    void close() {
        synchronized (lifecycle) {
            closed = true;
            down();
        }
        timer.shutdownNow();
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpServer listen(int port) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(loopback(), port), BACKLOG);
            contexts.forEach(http::createContext);
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

    private ThreadFactory daemonThreads(String role) {
        AtomicInteger threads = new AtomicInteger();
        return task -> {
            // Daemon threads: a test that forgets close() must not keep the JVM alive.
            Thread thread = new Thread(task, "sentry-receiver-" + number + "-" + role + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
