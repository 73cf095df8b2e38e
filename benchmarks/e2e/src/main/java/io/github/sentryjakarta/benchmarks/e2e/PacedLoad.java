package io.github.sentryjakarta.benchmarks.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop HTTP/1.1 load generator that avoids coordinated omission, as wrk2 does: request {@code i} is
 * due at {@code start + i / rate}, spread round-robin over keep-alive connections (one thread each), and its
 * latency is measured from its due time, not from when it was sent. A slow response delays the requests
 * queued behind it on its connection, and their latency includes that wait, as users would see it. With
 * {@code rate <= 0} it runs closed-loop (each connection sends as soon as the previous answer arrived): the
 * saturation throughput when {@code wrk} is not installed.
 */
final class PacedLoad {

    /** What one run measured. Latencies in microseconds, sorted. */
    record Result(long completed, long errors, double seconds, long[] latencyMicros) {

        double requestsPerSecond() {
            return completed / seconds;
        }

        /** @return the latency at quantile {@code q} (0..1), in microseconds */
        long percentile(double q) {
            if (latencyMicros.length == 0) {
                return -1;
            }
            int index = (int) Math.ceil(q * latencyMicros.length) - 1;
            return latencyMicros[Math.max(0, Math.min(latencyMicros.length - 1, index))];
        }
    }

    private PacedLoad() {
    }

    /**
     * @param port        the application's port on 127.0.0.1
     * @param path        the request path
     * @param rate        requests per second, or 0 for closed-loop
     * @param connections keep-alive connections (and threads)
     * @param seconds     how long to send
     */
    static Result run(int port, String path, double rate, int connections, double seconds)
            throws InterruptedException {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime() + 50_000_000L; // let every connection open first
        long end = start + (long) (seconds * 1e9);
        AtomicLong errors = new AtomicLong();
        List<Connection> all = new ArrayList<>();
        for (int k = 0; k < connections; k++) {
            Connection c = new Connection(port, request, rate, connections, k, start, end, errors);
            all.add(c);
            c.thread.start();
        }
        long completed = 0;
        int total = 0;
        for (Connection c : all) {
            c.thread.join();
            completed += c.count;
            total += c.count;
        }
        long[] latencies = new long[total];
        int at = 0;
        for (Connection c : all) {
            System.arraycopy(c.latencies, 0, latencies, at, c.count);
            at += c.count;
        }
        Arrays.sort(latencies);
        return new Result(completed, errors.get(), (end - start) / 1e9, latencies);
    }

    /** How an exchange ended. */
    private enum Response { OK, OK_CLOSING, FAILED }

    /** One keep-alive connection and the thread that drives it. */
    private static final class Connection implements Runnable {
        private final int port;
        private final byte[] request;
        private final double intervalNanos;
        private final int connections;
        private final int index;
        private final long start;
        private final long end;
        private final AtomicLong errors;
        private final Thread thread;
        private final byte[] buffer = new byte[16 * 1024];
        private int filled;
        private int read;
        long[] latencies = new long[1024];
        int count;

        Connection(int port, byte[] request, double rate, int connections, int index, long start, long end,
                AtomicLong errors) {
            this.port = port;
            this.request = request;
            this.intervalNanos = rate > 0 ? 1e9 / rate : 0;
            this.connections = connections;
            this.index = index;
            this.start = start;
            this.end = end;
            this.errors = errors;
            this.thread = new Thread(this, "load-" + index);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            Socket socket = null;
            try {
                long sequence = index;
                for (long w = start - System.nanoTime(); w > 0; w = start - System.nanoTime()) {
                    LockSupport.parkNanos(w);
                }
                while (true) {
                    long due = intervalNanos > 0 ? start + (long) (sequence * intervalNanos) : System.nanoTime();
                    if (due - end >= 0) {
                        return;
                    }
                    sequence += connections;
                    long wait = due - System.nanoTime();
                    while (wait > 0) {
                        LockSupport.parkNanos(wait);
                        wait = due - System.nanoTime();
                    }
                    if (socket == null) {
                        socket = open();
                    }
                    try {
                        Response response = exchange(socket);
                        if (response == Response.FAILED) {
                            errors.incrementAndGet();
                        } else {
                            record((System.nanoTime() - due) / 1000);
                        }
                        if (response == Response.OK_CLOSING) {
                            // The server closes after a number of requests per connection (Grizzly: 256).
                            close(socket);
                            socket = null;
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        close(socket);
                        socket = null;
                    }
                }
            } catch (IOException e) {
                errors.incrementAndGet();
            } finally {
                close(socket);
            }
        }

        private Socket open() throws IOException {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            filled = 0;
            read = 0;
            return socket;
        }

        private void record(long micros) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = micros;
        }

        /** Sends the request and reads the whole response. */
        private Response exchange(Socket socket) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            int headerEnd;
            while ((headerEnd = find(in)) < 0) {
                fill(in);
            }
            String head = new String(buffer, read, headerEnd - read, StandardCharsets.ISO_8859_1);
            read = headerEnd + 4;
            boolean ok = head.startsWith("HTTP/1.1 200");
            String lengthHeader = header(head, "content-length");
            int length = lengthHeader.isEmpty() ? -1 : Integer.parseInt(lengthHeader);
            if (length < 0) {
                throw new IOException("no Content-Length in " + head);
            }
            while (filled - read < length) {
                fill(in);
            }
            read += length;
            if (!ok) {
                return Response.FAILED;
            }
            return header(head, "connection").equalsIgnoreCase("close") ? Response.OK_CLOSING : Response.OK;
        }

        private int find(InputStream in) {
            for (int i = read; i + 3 < filled; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private void fill(InputStream in) throws IOException {
            if (read > 0) {
                System.arraycopy(buffer, read, buffer, 0, filled - read);
                filled -= read;
                read = 0;
            }
            if (filled == buffer.length) {
                throw new IOException("response larger than " + buffer.length + " bytes");
            }
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                throw new IOException("connection closed");
            }
            filled += n;
        }

        /** @return the value of a response header, or "" */
        private static String header(String head, String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return "";
        }

        private static void close(Socket socket) {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // nothing to do
                }
            }
        }
    }
}
