package io.github.sentryjakarta.internal.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Locale;

/**
 * One HTTP/1.1 connection, in clear or over TLS: the JDK client keeps a connection (its socket and buffers) for good
 * after an answer it cannot parse, and over TLS it spends two to four times the CPU per request in its HTTP/2
 * machinery, so the transport speaks HTTP/1.1 itself. Everything a server sends is bounded: the status line and
 * headers together ({@value #MAX_HEAD_BYTES} bytes; past that the rest is not read), the body read to reuse the
 * connection ({@value #MAX_BODY_BYTES} bytes), and every read by the exchange's deadline: reads block without a
 * socket timeout (one system call; a timed read on a channel's socket is several, and toggles the blocking mode) and
 * {@link Http1Client}'s watchdog closes the socket of an exchange past its deadline. Anything unexpected closes the
 * connection; only a complete, well-formed answer leaves it open for the next request. A connection taken from the
 * idle pool is probed before it carries a request ({@link #closedWhileIdle}): a request written is never sent again,
 * since a server may have processed it before the connection broke. Not thread-safe: one sender uses it at a time.
 */
final class Http1Connection implements AutoCloseable {

    static final int MAX_HEAD_BYTES = 64 * 1024;
    static final int MAX_BODY_BYTES = 64 * 1024;

    /**
     * What a server answered.
     *
     * @param status the HTTP status
     * @param rateLimits the {@code X-Sentry-Rate-Limits} header, or {@code null}
     * @param retryAfter the {@code Retry-After} header, or {@code null}
     */
    record Answer(int status, String rateLimits, String retryAfter) {
    }

    /** The TCP connection: what is probed while idle and closed at the end (over TLS, under {@link #io}). */
    private final Socket socket;
    /** What requests and answers go through: {@link #socket} itself, or the TLS socket layered on it. */
    private final Socket io;
    private final boolean proxied;
    private final InputStream in;
    /** {@link #socket}'s own stream, under the TLS socket's: what the idle probe looks at. */
    private final InputStream raw;
    private final OutputStream out;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    /** Bytes of the current answer read so far: none means the server closed without answering. */
    private long answerBytes;
    private boolean reusable;
    private long idleSince;
    /** When the exchange under way must end ({@link System#nanoTime()}): the watchdog closes the socket then. */
    private volatile long deadline;

    /**
     * @param socket the TCP connection
     * @param io {@code socket}, or the TLS socket layered on it
     * @param proxied whether requests go to an HTTP proxy in clear, which needs the request target in absolute form
     */
    Http1Connection(Socket socket, Socket io, boolean proxied) throws IOException {
        this.socket = socket;
        this.io = io;
        this.proxied = proxied;
        this.in = io.getInputStream();
        this.raw = io == socket ? in : socket.getInputStream();
        this.out = io.getOutputStream();
    }

    /**
     * Sends one request and reads its answer, all by {@code deadline}. Afterwards {@link #reusable} says
     * whether the connection may carry another request.
     *
     * @param request the request line, headers, empty line and body: one write
     * @param deadline {@link System#nanoTime()} by which the answer must be in
     * @return the answer's status and rate limit headers
     * @throws IOException when the request could not be sent or no well-formed status line came back
     */
    Answer exchange(byte[] request, long deadline) throws IOException {
        reusable = false;
        answerBytes = 0;
        out.write(request);
        out.flush();
        String statusLine;
        int status;
        do {
            statusLine = readLine(deadline, MAX_HEAD_BYTES);
            status = parseStatus(statusLine);
        } while (status >= 100 && status < 200 && skipHeaders(deadline)); // interim answers (100 Continue)
        String rateLimits = null;
        String retryAfter = null;
        boolean close = statusLine.startsWith("HTTP/1.0");
        boolean chunked = false;
        long length = -1;
        int headBytes = statusLine.length();
        while (true) {
            String line;
            try {
                line = readLine(deadline, MAX_HEAD_BYTES - headBytes);
            } catch (ProtocolException | SocketTimeoutException | EOFException e) {
                // The status is known: it says what became of the envelope; only the connection is lost.
                return new Answer(status, rateLimits, retryAfter);
            }
            headBytes += line.length() + 2;
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "x-sentry-rate-limits" -> rateLimits = value;
                case "retry-after" -> retryAfter = value;
                case "connection" -> close |= value.toLowerCase(Locale.ROOT).contains("close");
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "content-length" -> length = parseLength(value);
                default -> { }
            }
        }
        Answer answer = new Answer(status, rateLimits, retryAfter);
        boolean noBody = status == 204 || status == 304;
        try {
            boolean bodyRead = noBody || (chunked ? skipChunked(deadline) : length >= 0 && skipBody(length, deadline));
            reusable = bodyRead && !close;
        } catch (IOException e) {
            reusable = false; // a body that does not come (a trickle) costs the connection, not the answer
        }
        return answer;
    }

    /** @return whether the last answer was complete and the server keeps the connection open */
    boolean reusable() {
        return reusable;
    }

    /**
     * Looks, without waiting, whether the server closed this idle connection or sent something unasked: either
     * way it must not carry a request. Probing before writing is what lets the client take another connection
     * without ever sending a request twice (after writing, a close says nothing of whether it was processed).
     * Over TLS, bytes waiting under the TLS socket are handed to it ({@link #readsWithinAMillisecond}); with none
     * waiting, the probe looks at the TCP connection alone, which is then only closed or open.
     *
     * @return whether the connection is closed, reset or holds unexpected bytes
     */
    boolean closedWhileIdle() {
        if (position < limit) {
            return true; // bytes past the last answer: not a server we can stay in step with
        }
        SocketChannel channel = socket.getChannel();
        try {
            if (io != socket && (in.available() > 0 || raw.available() > 0)) {
                // TLS reads what waits: session tickets leave the connection usable, a close_notify or data do not
                return readsWithinAMillisecond(io, in);
            }
            if (channel != null) {
                channel.configureBlocking(false);
                try {
                    return channel.read(ByteBuffer.allocate(1)) != 0;
                } finally {
                    channel.configureBlocking(true);
                }
            }
            return readsWithinAMillisecond(socket, raw); // a SOCKS socket has no channel
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Reads one byte from {@code stream}, waiting at most 1 ms. Over TLS the TLS socket takes in what a server
     * sends unasked on its own level (TLS 1.3 session tickets after the first answer) while it waits, and only
     * a close_notify or data reach the caller.
     *
     * @return whether a byte or the end came: either way the connection is not usable
     */
    private static boolean readsWithinAMillisecond(Socket timed, InputStream stream) throws IOException {
        timed.setSoTimeout(1);
        try {
            stream.read();
            return true;
        } catch (SocketTimeoutException open) {
            timed.setSoTimeout(0); // the exchange's reads are bounded by the watchdog
            return false;
        }
    }

    void idleSince(long now) {
        idleSince = now;
    }

    long idleSince() {
        return idleSince;
    }

    void deadline(long deadline) {
        this.deadline = deadline;
    }

    long deadline() {
        return deadline;
    }

    boolean proxied() {
        return proxied;
    }

    /** Closes the TCP connection, never the TLS socket, which could block on its lock to send a close_notify. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed anyway
        }
    }

    private static int parseStatus(String line) throws ProtocolException {
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new ProtocolException("not an HTTP/1.1 answer: " + Exchange.escape(line));
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw new ProtocolException("no status in the answer: " + Exchange.escape(line));
            }
            status = status * 10 + c - '0';
        }
        if (status < 100) {
            throw new ProtocolException("no status in the answer: " + Exchange.escape(line));
        }
        return status;
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** @return true, after reading up to the empty line that ends an interim answer's headers */
    private boolean skipHeaders(long deadline) throws IOException {
        int left = MAX_HEAD_BYTES;
        String line;
        while (!(line = readLine(deadline, left)).isEmpty()) {
            left -= line.length() + 2;
        }
        return true;
    }

    private boolean skipBody(long length, long deadline) throws IOException {
        if (length > MAX_BODY_BYTES) {
            return false;
        }
        for (long left = length; left > 0; ) {
            int available = fill(deadline);
            int taken = (int) Math.min(left, available);
            position += taken;
            left -= taken;
        }
        return true;
    }

    private boolean skipChunked(long deadline) throws IOException {
        long total = 0;
        while (true) {
            String sizeLine = readLine(deadline, 1024);
            int end = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((end < 0 ? sizeLine : sizeLine.substring(0, end)).trim(), 16);
            } catch (NumberFormatException e) {
                return false;
            }
            total += size;
            if (size < 0 || total > MAX_BODY_BYTES) {
                return false;
            }
            if (size == 0) {
                return skipHeaders(deadline); // trailers
            }
            skipBody(size, deadline);
            if (!readLine(deadline, 2).isEmpty()) {
                return false;
            }
        }
    }

    /** Reads one CRLF- or LF-terminated line of at most {@code max} bytes, as ISO-8859-1. */
    private String readLine(long deadline, int max) throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            fill(deadline);
            byte b = buffer[position++];
            if (b == '\n') {
                int length = line.length();
                if (length > 0 && line.charAt(length - 1) == '\r') {
                    line.setLength(length - 1);
                }
                return line.toString();
            }
            if (line.length() >= max) {
                throw new ProtocolException("answer headers longer than " + MAX_HEAD_BYTES + " bytes");
            }
            line.append((char) (b & 0xff));
        }
    }

    /** @return the bytes buffered, at least one, read by {@code deadline} */
    private int fill(long deadline) throws IOException {
        if (position < limit) {
            return limit - position;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("no answer within the request timeout");
        }
        int read;
        try {
            read = in.read(buffer, 0, buffer.length);
        } catch (IOException e) {
            if (deadline - System.nanoTime() <= 0) { // the watchdog closed the socket: the time is up
                throw (SocketTimeoutException) new SocketTimeoutException("no answer within the request timeout")
                        .initCause(e);
            }
            throw e;
        }
        if (read < 0) {
            throw new EOFException(answerBytes == 0 ? "the server closed the connection without answering"
                    : "the server closed the connection in the middle of its answer");
        }
        answerBytes += read;
        position = 0;
        limit = read;
        return read;
    }
}
