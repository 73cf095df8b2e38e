package io.github.sentryjakarta.jaxrs;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed-rate client for the fault suite: {@code count} GET requests to 127.0.0.1, one every
 * {@code 1/rate} seconds whatever the answers take (an open model, so that a slow server cannot slow the
 * offered load down and hide its own latency), each timed from its scheduled start. Bounded in count, and each
 * request in time. Each request is a fresh {@code Connection: close} exchange on a plain socket, so that the load
 * client keeps no idle connections that would blur the descriptor count the suite compares.
 */
final class PacedLoad implements AutoCloseable {

    /** Latencies of one run, in nanoseconds, and how many requests failed. */
    record Result(long[] nanos, int failures) {
        long p99() {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return sorted.length == 0 ? 0 : sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
        }

        int succeeded() {
            return nanos.length;
        }
    }

    private final ExecutorService senders;

    PacedLoad(int concurrency) {
        this.senders = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "paced-load");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the run; {@code whileRunning} is called repeatedly on the calling thread until it ends.
     *
     * @return the latencies of the requests that answered 200
     */
    Result run(URI target, int rate, int count, Runnable whileRunning) {
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long[] nanos = new long[count];
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CompletableFuture<?>[] all = new CompletableFuture<?>[count];
        byte[] request = ("GET " + target.getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < count; i++) {
            long due = start + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                whileRunning.run();
                LockSupport.parkNanos(Math.min(wait, due - System.nanoTime())); // pacing, not synchronisation
            }
            all[i] = CompletableFuture.runAsync(() -> {
                if (get(target.getPort(), request)) {
                    nanos[ok.getAndIncrement()] = System.nanoTime() - due;
                } else {
                    failed.incrementAndGet();
                }
            }, senders);
        }
        CompletableFuture<Void> done = CompletableFuture.allOf(all);
        while (!done.isDone()) {
            whileRunning.run();
            LockSupport.parkNanos(5_000_000);
        }
        return new Result(Arrays.copyOf(nanos, ok.get()), failed.get());
    }

    /** @return whether the answer was a 200, read to its end within 10 s */
    private static boolean get(int port, byte[] request) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            InputStream in = socket.getInputStream();
            byte[] answer = in.readAllBytes();
            return new String(answer, 0, Math.min(answer.length, 12), StandardCharsets.US_ASCII).equals("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        senders.shutdownNow();
    }
}
