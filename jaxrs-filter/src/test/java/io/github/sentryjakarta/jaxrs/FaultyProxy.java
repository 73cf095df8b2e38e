package io.github.sentryjakarta.jaxrs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP stand-in for the network between the library and the test receiver, for the faults that live below HTTP
 * status codes: refused connections, a black hole, garbage instead of HTTP, an answer that trickles in, and a
 * 200 whose header block is huge; and a round trip to the receiver ({@link #roundTrip}). In {@link Mode#FORWARD}
 * it relays bytes both ways, so the receiver's own
 * behaviours (429, 413, 5xx, 3xx, reset, slow) still apply. Changing the mode closes every open connection, as
 * a network that heals or breaks would; a relayed connection waiting for its answer is closed right after that
 * answer, so that a switch never loses an answer the receiver gave (which would make the suite's accounting
 * ambiguous: received, yet counted as dropped).
 *
 * <p>What the protocol cannot settle is recorded instead: each relayed request carries a
 * {@value #REQUEST_ID_HEADER} header, and {@link #answersLost} names the requests whose connection ended
 * before their answer was relayed (the client gave up: its request timeout, or shutdown abandoning what is in
 * flight). The receiver may have accepted those while the client counted them dropped; the suite subtracts
 * exactly them. Test code only: the receiver itself stays the delivery owner's.
 */
final class FaultyProxy implements AutoCloseable {

    /** What a new connection meets. */
    enum Mode { FORWARD, DOWN, BLACK_HOLE, GARBAGE, TRICKLE, HUGE_HEADERS }

    /** Header bytes injected into the first answer of a connection in {@link Mode#HUGE_HEADERS}. */
    static final int HUGE_HEADER_BYTES = 64 * 1024;
    /** The request header naming each relayed request, as the receiver records it (lower case). */
    static final String REQUEST_ID_HEADER = "x-faulty-proxy-request";

    /** One relayed client connection; guarded by the proxy's monitor. */
    private static final class Relay {
        /** The id of the request sent up whose answer has not been relayed yet, or {@code null}. */
        String awaiting;
        /** The mode changed: the connection ends once the answer awaited is through. */
        boolean closing;
        boolean ended;
    }

    private final int upstreamPort;
    /** Client connections: a mode switch closes them (a relayed one once its awaited answer is through). */
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /**
     * Connections to the receiver: never closed by a mode switch, which would cut an answer on its way (the
     * receiver had the envelope, the client saw its connection break); each ends with its client connection.
     */
    private final Set<Socket> upstreams = ConcurrentHashMap.newKeySet();
    /** Relayed client connections. */
    private final Map<Socket, Relay> relays = new ConcurrentHashMap<>();
    private final AtomicLong requestIds = new AtomicLong();
    private final Set<String> answersLost = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faulty-proxy");
        t.setDaemon(true);
        return t;
    });
    private final int port;
    private volatile Mode mode = Mode.FORWARD;
    private volatile long latencyMillis;
    private ServerSocket listener; // guarded by this; null while DOWN

    FaultyProxy(int upstreamPort) {
        this.upstreamPort = upstreamPort;
        this.listener = bind(0);
        this.port = listener.getLocalPort();
        acceptOn(listener);
    }

    /** @return a DSN pointing at this proxy, for the receiver's project and key */
    String dsn(String receiverDsn) {
        return receiverDsn.replace(":" + upstreamPort + "/", ":" + port + "/");
    }

    /**
     * Sets the round trip to the receiver: each request relayed in {@link Mode#FORWARD} (or
     * {@link Mode#HUGE_HEADERS}) reaches it that much later, as over a network that far away.
     */
    void roundTrip(Duration latency) {
        latencyMillis = latency.toMillis();
    }

    /**
     * @return the ids ({@value #REQUEST_ID_HEADER}) of the requests relayed up whose connection ended before
     *         their answer was relayed back: the client never had the receiver's answer
     */
    Set<String> answersLost() {
        return Set.copyOf(answersLost);
    }

    /** Switches the fault, closing every connection opened before. */
    synchronized void mode(Mode next) {
        if (next == mode) {
            return;
        }
        if (next == Mode.DOWN && listener != null) {
            closeQuietly(listener);
            listener = null;
        } else if (next != Mode.DOWN && listener == null) {
            listener = bind(port);
            acceptOn(listener);
        }
        mode = next;
        for (Socket socket : open) {
            Relay relay = relays.get(socket);
            if (relay != null) {
                relay.closing = true;
            }
            if (relay == null || relay.awaiting == null) {
                closeQuietly(socket);
            }
        }
    }

    private static ServerSocket bind(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void acceptOn(ServerSocket socket) {
        threads.execute(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    open.add(client);
                    Mode current = mode;
                    threads.execute(() -> serve(client, current));
                } catch (IOException e) {
                    return; // closed by mode(DOWN) or close()
                }
            }
        });
    }

    private void serve(Socket client, Mode current) {
        try (client) {
            switch (current) {
                case FORWARD, HUGE_HEADERS -> forward(client, current == Mode.HUGE_HEADERS);
                case BLACK_HOLE -> client.getInputStream().transferTo(OutputStream.nullOutputStream());
                case GARBAGE -> {
                    readSome(client);
                    byte[] garbage = new byte[4096];
                    for (int i = 0; i < garbage.length; i++) {
                        garbage[i] = (byte) (i * 31 + 7); // control bytes, high bytes, no status line
                    }
                    client.getOutputStream().write(garbage);
                    client.getOutputStream().flush();
                    client.getInputStream().transferTo(OutputStream.nullOutputStream()); // the client must close
                }
                case TRICKLE -> {
                    readSome(client);
                    byte[] answer = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n{}"
                            .getBytes(StandardCharsets.US_ASCII);
                    OutputStream out = client.getOutputStream();
                    for (int i = 0; !client.isClosed(); i = (i + 1) % answer.length) {
                        out.write(answer[i]);
                        out.flush();
                        TimeUnit.MILLISECONDS.sleep(200); // the fault itself: one byte per 200 ms
                    }
                }
                case DOWN -> { } // accepted just before going down: closed at once
                default -> throw new IllegalStateException(current.toString());
            }
        } catch (IOException e) {
            // a peer closed: what every fault ends with
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(client);
        }
    }

    private static void readSome(Socket client) throws IOException {
        if (client.getInputStream().read(new byte[8192]) < 0) {
            throw new IOException("closed before a request");
        }
    }

    private void forward(Socket client, boolean hugeHeaders) throws IOException {
        Relay relay = new Relay();
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            upstreams.add(upstream);
            relays.put(client, relay);
            try {
                upstream.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                threads.execute(() -> pump(client, upstream, false, client, relay, true));
                pump(upstream, client, hugeHeaders, client, relay, false);
            } finally {
                upstreams.remove(upstream);
            }
        } finally {
            synchronized (this) {
                relay.ended = true;
                if (relay.awaiting != null) {
                    answersLost.add(relay.awaiting);
                }
                relays.remove(client);
            }
        }
    }

    /**
     * Copies until either side closes. Up, it names each request ({@value #REQUEST_ID_HEADER}); down, with
     * {@code inject}, it adds a huge header block after the first status line.
     */
    private void pump(Socket from, Socket to, boolean inject, Socket client, Relay relay, boolean up) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16384];
            boolean injected = !inject;
            int n;
            byte[] requestId = null; // up: the header still to add to the request being relayed
            long bodyLeft = 0; // up: bytes of the current request's body still to come; 0 between requests
            while ((n = in.read(buffer)) >= 0) {
                if (up) {
                    boolean first = bodyLeft <= 0; // the client never pipelines: a request starts here
                    // Atomic with mode(): a switch either sees this request in flight (and waits for its answer)
                    // or stops it here. Checked apart, a switch between the two closed the client's socket while
                    // the request still went up: received, and counted as dropped by the client.
                    synchronized (this) {
                        if (relay.closing || relay.ended || client.isClosed()) {
                            return; // the mode changed: no new request on this connection
                        }
                        if (first) {
                            relay.awaiting = Long.toString(requestIds.incrementAndGet());
                            requestId = (REQUEST_ID_HEADER + ": " + relay.awaiting + "\r\n")
                                    .getBytes(StandardCharsets.US_ASCII);
                        }
                    }
                    bodyLeft = first ? bodyAfterHead(buffer, n) : bodyLeft - n;
                    if (first && latencyMillis > 0) {
                        TimeUnit.MILLISECONDS.sleep(latencyMillis); // the round trip itself, before a new request
                    }
                }
                String answering;
                synchronized (this) {
                    answering = up ? null : relay.awaiting; // the request this answer belongs to
                }
                byte[] insert = up ? requestId : injected ? null : hugeHeaderBlock();
                int start = 0;
                if (insert != null) {
                    // after the request or status line: the first line break of the message
                    for (int i = 0; i + 1 < n; i++) {
                        if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                            out.write(buffer, 0, i + 2);
                            if (!up) {
                                // The status line is what decides for the client, which may then close before
                                // reading the huge headers that follow: its answer is through.
                                out.flush();
                                answered(relay, answering);
                            }
                            out.write(insert);
                            start = i + 2;
                            requestId = null;
                            injected = true;
                            break;
                        }
                    }
                }
                out.write(buffer, start, n - start);
                out.flush();
                if (!up) {
                    boolean stop;
                    answered(relay, answering);
                    synchronized (this) {
                        stop = relay.closing;
                    }
                    if (stop) {
                        return; // the answer is through; now the connection may go
                    }
                }
            }
        } catch (IOException e) {
            // either side closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the proxy is closing
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** The answer to request {@code answering} reached the client's socket (a later request keeps its own id). */
    private synchronized void answered(Relay relay, String answering) {
        if (answering != null && answering.equals(relay.awaiting)) {
            relay.awaiting = null;
        }
    }

    /**
     * @return the body bytes of the request starting at {@code buffer[0]} that are still to come after these
     *         {@code n} bytes, by its {@code Content-Length}; the library's client writes the head in one piece
     */
    private static long bodyAfterHead(byte[] buffer, int n) {
        String text = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("a request head split over reads: the suite's request ids would drift");
        }
        String head = text.substring(0, end).toLowerCase(java.util.Locale.ROOT);
        int at = head.indexOf("\r\ncontent-length:");
        long length = at < 0 ? 0 : Long.parseLong(head.substring(at + 17, head.indexOf('\r', at + 2) < 0 ? head.length()
                : head.indexOf('\r', at + 2)).trim());
        return length - (n - end - 4);
    }

    private static byte[] hugeHeaderBlock() {
        StringBuilder headers = new StringBuilder(HUGE_HEADER_BYTES + 100);
        for (int i = 0; headers.length() < HUGE_HEADER_BYTES; i++) {
            headers.append("X-Huge-").append(i).append(": ").append("v".repeat(1000)).append("\r\n");
        }
        return headers.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }

    @Override
    public synchronized void close() {
        if (listener != null) {
            closeQuietly(listener);
            listener = null;
        }
        open.forEach(FaultyProxy::closeQuietly);
        upstreams.forEach(FaultyProxy::closeQuietly);
        threads.shutdownNow();
    }
}
