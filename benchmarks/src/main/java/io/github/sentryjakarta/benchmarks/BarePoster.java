package io.github.sentryjakarta.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The floor {@link DeliveryBenchmark} compares the transport's sender threads with: one thread that takes each
 * envelope from a blocking queue, as a sender takes it from the encoder, and posts it over one kept-alive
 * {@code http://} socket, reading the answer's head and body. No pool, idle probe, watchdog, rate limits,
 * back-off or accounting: what is left is the hand-off and the HTTP exchange itself, so the difference between
 * the two is what the transport's own work costs per envelope. Only for a receiver that answers every request
 * on the same connection (the counting receiver).
 */
final class BarePoster implements AutoCloseable {

    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final Object answered = new Object();
    private final Socket socket;
    private final byte[] head;
    private final Thread thread;
    private long answers;
    private volatile IOException failure;

    BarePoster(String dsn, String threadName) throws IOException {
        URI uri = URI.create(dsn);
        String path = "/api" + uri.getPath() + "/envelope/";
        head = ("POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: application/x-sentry-envelope"
                + "\r\nX-Sentry-Auth: Sentry sentry_version=7, sentry_key=" + uri.getUserInfo()
                + ", sentry_client=bare/1\r\n").getBytes(StandardCharsets.ISO_8859_1);
        socket = new Socket(uri.getHost(), uri.getPort());
        socket.setTcpNoDelay(true);
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    void send(byte[] envelope) {
        queue.add(envelope);
    }

    /** @return whether {@code count} answers came within {@code timeout} */
    boolean awaitAnswers(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (answered) {
            while (answers < count && failure == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                answered.wait(Math.max(1, left / 1_000_000));
            }
        }
        if (failure != null) {
            throw new UncheckedIOException(failure);
        }
        return true;
    }

    private void run() {
        byte[] buffer = new byte[8192];
        try {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            while (true) {
                byte[] body = queue.take();
                byte[] length = ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
                byte[] request = new byte[head.length + length.length + body.length];
                System.arraycopy(head, 0, request, 0, head.length);
                System.arraycopy(length, 0, request, head.length, length.length);
                System.arraycopy(body, 0, request, head.length + length.length, body.length);
                out.write(request);
                readAnswer(in, buffer);
                synchronized (answered) {
                    answers++;
                    answered.notifyAll();
                }
            }
        } catch (InterruptedException closed) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            failure = e;
            synchronized (answered) {
                answered.notifyAll();
            }
        }
    }

    /** Reads one answer: the head up to its blank line, then as many bytes as its {@code Content-Length} says. */
    private static void readAnswer(InputStream in, byte[] buffer) throws IOException {
        int length = 0;
        int headEnd = -1;
        while (headEnd < 0) {
            if (length == buffer.length) {
                throw new IOException("the receiver's answer head is longer than " + buffer.length + " bytes");
            }
            int read = in.read(buffer, length, buffer.length - length);
            if (read < 0) {
                throw new EOFException("the receiver closed the connection");
            }
            for (int i = Math.max(3, length); i < length + read; i++) {
                if (buffer[i - 3] == '\r' && buffer[i - 2] == '\n' && buffer[i - 1] == '\r' && buffer[i] == '\n') {
                    headEnd = i + 1;
                    break;
                }
            }
            length += read;
        }
        String answerHead = new String(buffer, 0, headEnd, StandardCharsets.ISO_8859_1);
        if (!answerHead.startsWith("HTTP/1.1 200")) {
            throw new IOException("the receiver answered " + answerHead.lines().findFirst().orElse(""));
        }
        long contentLength = answerHead.lines().filter(line -> line.regionMatches(true, 0, "Content-Length:", 0, 15))
                .mapToLong(line -> Long.parseLong(line.substring(15).trim())).findFirst().orElse(0);
        long left = contentLength - (length - headEnd);
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new EOFException("the receiver closed the connection inside an answer");
            }
            left -= read;
        }
    }

    @Override
    public void close() throws IOException {
        thread.interrupt();
        socket.close();
    }
}
