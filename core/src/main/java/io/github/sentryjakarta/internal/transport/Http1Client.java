package io.github.sentryjakarta.internal.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Posts to one {@code http://} or {@code https://} endpoint over {@link Http1Connection}s: at most {@code maxIdle}
 * idle connections kept, each for {@value #IDLE_MILLIS} ms at most (shorter than the keep-alive of common servers,
 * so that a connection is rarely found closed by the other side), any connection that saw a broken exchange closed.
 * An idle connection is probed before it is used, and one the server closed meanwhile is replaced; a request once
 * written is never sent again, whatever happens to its connection, since the server may have processed it (a
 * duplicate is worse than a drop that is counted). One watchdog look is pending while any connection is open, at
 * the earliest exchange deadline or idle expiry: it closes the socket of an exchange still running at its deadline
 * (reads block without a socket timeout, so this is what bounds them: a server that stops reading the request or
 * answering cannot hold a sender past the timeout) and the idle connections once expired. New requests and idle
 * connections only add later times, so under a steady load the watchdog wakes about once per idle period rather
 * than per request (a timer per request cost a lock, heap work and a wake-up each time). {@link #abort} closes
 * those in flight at shutdown. An HTTP proxy from the default {@link ProxySelector} gets the request in absolute
 * form, or a {@code CONNECT} for TLS; a SOCKS proxy the socket. TLS is the JVM's default context (its trust store),
 * the host name verified as HTTPS does; its handshake, and a proxy's tunnel, must be done within the connect
 * timeout.
 */
final class Http1Client implements AutoCloseable {

    /** The longest a connection stays idle in the pool. */
    static final long IDLE_MILLIS = 4_000;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS);

    /** No connection could be made: the request never left. */
    static final class NotConnected extends IOException {
        private static final long serialVersionUID = 1L;

        NotConnected(IOException cause) {
            super(cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                    cause);
        }
    }

    private final URI endpoint;
    private final String host;
    private final int port;
    private final boolean tls;
    /** The connect timeout, which also bounds a proxy's tunnel and the TLS handshake. */
    private final int connectMillis;
    private final int maxIdle;
    private final ScheduledThreadPoolExecutor watchdog;
    private final ArrayDeque<Http1Connection> idle = new ArrayDeque<>();
    private final Set<Http1Connection> busy = new HashSet<>();
    private boolean closed;
    /** The watchdog's pending look, or {@code null}; an earlier one replaces it. */
    private ScheduledFuture<?> look;
    /** When {@link #look} is due ({@link System#nanoTime()}). */
    private long lookAt;
    /** The request line and constant headers, for the last headers asked for (they do not change). */
    private volatile Head head;

    private record Head(Map<String, String> headers, boolean proxied, byte[] bytes) {
    }

    Http1Client(URI endpoint, Duration connectTimeout, int maxIdle, ThreadFactory threads) {
        this.endpoint = endpoint;
        this.host = endpoint.getHost();
        this.tls = "https".equalsIgnoreCase(endpoint.getScheme());
        this.port = endpoint.getPort() >= 0 ? endpoint.getPort() : tls ? 443 : 80;
        this.connectMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        this.maxIdle = maxIdle;
        this.watchdog = new ScheduledThreadPoolExecutor(1, threads);
        this.watchdog.setRemoveOnCancelPolicy(true);
        this.watchdog.setKeepAliveTime(30, TimeUnit.SECONDS);
        this.watchdog.allowCoreThreadTimeOut(true);
    }

    /**
     * Posts {@code body} with the given headers and waits for the answer until {@code timeout} has passed.
     *
     * @throws NotConnected when no connection could be made
     * @throws IOException when the request failed after it was (perhaps) sent
     */
    Http1Connection.Answer post(Map<String, String> headers, byte[] body, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Http1Connection connection = idleConnection(deadline);
        while (connection != null && connection.closedWhileIdle()) {
            discard(connection); // closed by the server while idle: nothing was written to it
            connection = idleConnection(deadline);
        }
        if (connection == null) {
            connection = connect(deadline);
        }
        try {
            Http1Connection.Answer answer = connection.exchange(request(headers, body, connection.proxied()), deadline);
            release(connection);
            return answer;
        } catch (IOException | RuntimeException e) {
            discard(connection);
            throw e;
        }
    }

    private Http1Connection connect(long deadline) throws IOException {
        Proxy proxy = proxy();
        // A channel's socket can be probed without waiting (Http1Connection.closedWhileIdle); SOCKS needs a plain one.
        Socket socket = proxy.type() == Proxy.Type.SOCKS ? new Socket(proxy) : SocketChannel.open().socket();
        InetSocketAddress address = proxy.type() == Proxy.Type.HTTP ? (InetSocketAddress) proxy.address()
                : new InetSocketAddress(host, port);
        try {
            if (address.isUnresolved()) {
                throw new UnknownHostException(address.getHostString());
            }
            socket.connect(address, connectMillis);
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            socket.close();
            throw new NotConnected(e);
        }
        Socket io = socket;
        if (tls) {
            try {
                io = secure(socket, proxy.type() == Proxy.Type.HTTP, deadline);
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }
        Http1Connection connection = new Http1Connection(socket, io, !tls && proxy.type() == Proxy.Type.HTTP);
        synchronized (this) {
            if (closed) {
                connection.close();
                throw new IOException("abandoned at shutdown");
            }
            busy(connection, deadline);
        }
        return connection;
    }

    /**
     * Opens the proxy's tunnel when there is one, then TLS over {@code socket}, each read bounded by the
     * connect timeout (the watchdog only knows connections that carry a request).
     *
     * @return the TLS socket, its handshake done and the server's name verified
     * @throws NotConnected when the proxy refused the tunnel: nothing went to Sentry
     * @throws IOException when the handshake failed (an untrusted certificate among others)
     */
    private Socket secure(Socket socket, boolean tunnel, long deadline) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        socket.setSoTimeout((int) Math.max(1, Math.min(left, connectMillis)));
        if (tunnel) {
            byte[] connect = ("CONNECT " + host + ":" + port + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            int status = new Http1Connection(socket, socket, false).exchange(connect, deadline).status();
            if (status < 200 || status >= 300) {
                throw new NotConnected(new IOException("the proxy answered HTTP " + status + " to CONNECT"));
            }
        }
        SSLSocketFactory factory;
        try {
            factory = SSLContext.getDefault().getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no default TLS context", e);
        }
        SSLSocket secure = (SSLSocket) factory.createSocket(socket, host, port, true);
        SSLParameters parameters = secure.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        secure.setSSLParameters(parameters);
        secure.startHandshake();
        socket.setSoTimeout(0); // from here the exchange's deadline bounds the reads, through the watchdog
        return secure;
    }

    private Proxy proxy() {
        ProxySelector selector = ProxySelector.getDefault();
        if (selector == null) {
            return Proxy.NO_PROXY;
        }
        try {
            List<Proxy> proxies = selector.select(endpoint);
            return proxies == null || proxies.isEmpty() ? Proxy.NO_PROXY : proxies.get(0);
        } catch (RuntimeException e) {
            return Proxy.NO_PROXY;
        }
    }

    /**
     * @return head and body in one array: one write, so one packet for a small envelope with TCP_NODELAY; what
     *         differs per body (its length, whether it is gzip) follows the constant head
     */
    private byte[] request(Map<String, String> headers, byte[] body, boolean proxied) {
        Head known = head;
        if (known == null || known.headers() != headers || known.proxied() != proxied) {
            known = new Head(headers, proxied, head(headers, proxied));
            head = known;
        }
        byte[] length = ((Gzip.isCompressed(body) ? "Content-Encoding: gzip\r\n" : "") + "Content-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[known.bytes().length + length.length + body.length];
        System.arraycopy(known.bytes(), 0, request, 0, known.bytes().length);
        System.arraycopy(length, 0, request, known.bytes().length, length.length);
        System.arraycopy(body, 0, request, known.bytes().length + length.length, body.length);
        return request;
    }

    private byte[] head(Map<String, String> headers, boolean proxied) {
        String path = endpoint.getRawPath() + (endpoint.getRawQuery() == null ? "" : "?" + endpoint.getRawQuery());
        StringBuilder head = new StringBuilder(256).append("POST ")
                .append(proxied ? endpoint.getScheme() + "://" + authority() + path : path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority()).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private String authority() {
        return endpoint.getPort() < 0 ? host : host + ":" + endpoint.getPort();
    }

    /** @return the connection idle for the shortest time (the others then expire), or {@code null} */
    private synchronized Http1Connection idleConnection(long deadline) {
        sweep(System.nanoTime());
        Http1Connection connection = idle.pollLast();
        if (connection != null) {
            busy(connection, deadline);
        }
        return connection;
    }

    /** Under the lock: the watchdog closes {@code connection} if its exchange still runs at {@code deadline}. */
    private void busy(Http1Connection connection, long deadline) {
        connection.deadline(deadline);
        busy.add(connection);
        lookBy(deadline);
    }

    private synchronized void release(Http1Connection connection) {
        busy.remove(connection);
        if (connection.reusable() && !closed && idle.size() < maxIdle) {
            long now = System.nanoTime();
            connection.idleSince(now);
            idle.addLast(connection);
            lookBy(now + IDLE_NANOS);
        } else {
            connection.close();
        }
    }

    /** Closes the connections idle for longer than {@value #IDLE_MILLIS} ms: the oldest are at the head. */
    private void sweep(long now) {
        Http1Connection oldest;
        while ((oldest = idle.peekFirst()) != null && now - oldest.idleSince() >= IDLE_NANOS) {
            idle.pollFirst().close();
        }
    }

    /** Under the lock: the watchdog looks by {@code at} ({@link System#nanoTime()}) unless one as early is pending. */
    private void lookBy(long at) {
        if (closed || look != null && lookAt - at <= 0) {
            return;
        }
        if (look != null) {
            look.cancel(false);
        }
        lookAt = at;
        look = watchdog.schedule(() -> look(at), Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /**
     * Closes the sockets of exchanges past their deadline (the blocked sender then fails at once) and the
     * expired idle connections, then looks again by the next deadline or expiry.
     */
    private synchronized void look(long at) {
        if (look == null || at != lookAt) {
            return; // replaced by an earlier look
        }
        look = null;
        long now = System.nanoTime();
        sweep(now);
        Http1Connection oldest = idle.peekFirst();
        boolean again = oldest != null;
        long next = again ? oldest.idleSince() + IDLE_NANOS : 0;
        for (Http1Connection connection : busy) {
            long deadline = connection.deadline();
            if (now - deadline >= 0) {
                connection.close(); // its sender fails and discards it
            } else if (!again || deadline - next < 0) {
                next = deadline;
                again = true;
            }
        }
        if (again) {
            lookBy(next);
        }
    }

    private synchronized void discard(Http1Connection connection) {
        busy.remove(connection);
        connection.close();
    }

    /** Closes the connections of the exchanges in flight: they end at once with an {@link IOException}. */
    synchronized void abort() {
        busy.forEach(Http1Connection::close);
    }

    /** Closes every connection, idle or in flight; later requests fail. */
    @Override
    public synchronized void close() {
        closed = true;
        idle.forEach(Http1Connection::close);
        idle.clear();
        abort();
        watchdog.shutdownNow();
    }
}
