package io.github.sentryjakarta.testreceiver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A Sentry endpoint broken below HTTP, for what {@link SentryReceiver}'s well-behaved server cannot do: it
 * reads each request and then answers with something that is not a proper HTTP answer, on a raw socket or
 * inside TLS (or, once healed, with a proper one). One
 * daemon thread per connection (a test fixture, not a server). The connection stays open until the client
 * closes it, as a misbehaving proxy's would.
 */
public final class BrokenSentry implements AutoCloseable {

    /** What every request gets. */
    public enum Answer {
        /** Bytes without a status line, as a TLS port spoken to in clear or a proxy's error page. */
        GARBAGE,
        /** Nothing at all: the request is read and never answered. */
        BLACK_HOLE,
        /** A valid 200 header, then the body one byte every 200 ms. */
        TRICKLE,
        /** A 200 status line followed by 1 MiB of headers. */
        HUGE_HEADERS,
        /** The request is read, then the connection closed without a byte of answer. */
        RESET,
        /** A well-formed {@code 200} with body {@code {}}, the connection kept: the endpoint healed. */
        OK
    }

    private final ServerSocket server;
    private final boolean tls;
    private volatile Answer answer;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread acceptor;

    private BrokenSentry(Answer answer, SSLContext tls) {
        this.answer = answer;
        this.tls = tls != null;
        try {
            InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
            this.server = tls == null ? new ServerSocket(0, 1024, loopback)
                    : tls.getServerSocketFactory().createServerSocket(0, 1024, loopback);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
        }
        this.acceptor = daemon(this::accept, "broken-sentry-acceptor");
    }

    /**
     * Starts listening on a free port of 127.0.0.1.
     *
     * @param answer what every request gets
     * @return the running endpoint
     */
    public static BrokenSentry start(Answer answer) {
        return new BrokenSentry(answer, null);
    }

    /**
     * Starts listening on a free port of 127.0.0.1 over TLS: the answers come inside a completed TLS session, as
     * from a TLS-terminating proxy or load balancer in front of a broken server.
     *
     * @param answer what every request gets
     * @param tls the server's TLS context (its certificate)
     * @return the running endpoint
     */
    public static BrokenSentry startTls(Answer answer, SSLContext tls) {
        return new BrokenSentry(answer, tls);
    }

    /** @return a DSN for project 42 with public key {@code publickey} pointing here */
    public String dsn() {
        return (tls ? "https" : "http") + "://publickey@127.0.0.1:" + server.getLocalPort() + "/42";
    }

    /**
     * Changes what the next requests get; connections already open stay open.
     *
     * @param answer what every request gets from now on
     */
    public void answerWith(Answer answer) {
        this.answer = answer;
    }

    /** @return requests read so far */
    public int requests() {
        return requests.get();
    }

    /** @return connections the clients have not closed yet */
    public int openConnections() {
        open.removeIf(Socket::isClosed);
        return open.size();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                daemon(() -> serve(socket), "broken-sentry-connection");
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            while (readRequest(in)) {
                requests.incrementAndGet();
                Answer now = answer;
                if (now == Answer.RESET) {
                    return;
                }
                switch (now) {
                    case GARBAGE -> out.write("\u0015\u0003\u0001\u0000\u0002garbage, not HTTP\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    case BLACK_HOLE -> { }
                    case TRICKLE -> {
                        out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        for (int i = 0; i < 1000; i++) {
                            out.flush();
                            Thread.sleep(200); // the trickle is the behaviour under test, not synchronisation
                            out.write('x');
                        }
                    }
                    case HUGE_HEADERS -> {
                        out.write("HTTP/1.1 200 OK\r\nX-Huge: ".getBytes(StandardCharsets.US_ASCII));
                        out.write("a".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII));
                        out.write("\r\nContent-Length: 2\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII));
                    }
                    case OK -> out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII));
                    case RESET -> { }
                }
                out.flush();
            }
        } catch (IOException | InterruptedException closed) {
            // the client went away, or this endpoint was closed
        } finally {
            open.remove(socket);
        }
    }

    /** Reads one request's headers and its Content-Length body. @return false at the end of the stream */
    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) != -1) {
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
        }
        if (matched < 4) {
            return false;
        }
        long length = 0;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        in.skipNBytes(length);
        return true;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        acceptor.interrupt();
    }
}
