package io.github.sentryjakarta.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * The OpenTelemetry side of {@link TraceCostBenchmark}: an OTLP/HTTP endpoint on loopback that counts the spans
 * of each export request (protobuf, walked just deep enough: resource spans, scope spans, spans) and answers 200
 * with an empty response message, as a collector that accepted everything does. The counterpart of the counting
 * receiver the Sentry SDKs post to.
 */
final class OtlpCountingReceiver implements AutoCloseable {

    /** Field numbers from {@code ExportTraceServiceRequest} down to {@code Span}: 1, then 2, then 2. */
    private static final int[] PATH_TO_SPANS = {1, 2, 2};

    private final HttpServer server;
    private final AtomicLong spans = new AtomicLong();

    OtlpCountingReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/traces", this::handle);
        server.start();
    }

    /** @return the base URL the exporter posts to, {@code /v1/traces} added */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    long spans() {
        return spans.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            InputStream body = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            byte[] request = body.readAllBytes();
            spans.addAndGet(count(request, 0, request.length, 0));
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /** Counts the messages at the end of {@link #PATH_TO_SPANS} within {@code bytes[from, to)}, at {@code depth}. */
    private static long count(byte[] bytes, int from, int to, int depth) {
        long found = 0;
        int[] at = {from};
        while (at[0] < to) {
            long key = varint(bytes, at);
            int field = (int) (key >>> 3);
            switch ((int) (key & 7)) {
                case 0 -> varint(bytes, at);
                case 1 -> at[0] += 8;
                case 5 -> at[0] += 4;
                case 2 -> {
                    int length = (int) varint(bytes, at);
                    if (field == PATH_TO_SPANS[depth]) {
                        found += depth == PATH_TO_SPANS.length - 1 ? 1 : count(bytes, at[0], at[0] + length, depth + 1);
                    }
                    at[0] += length;
                }
                default -> throw new UncheckedIOException(new IOException("not OTLP protobuf: wire type " + (key & 7)));
            }
        }
        return found;
    }

    private static long varint(byte[] bytes, int[] at) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte next = bytes[at[0]++];
            value |= (long) (next & 0x7f) << shift;
            if (next >= 0) {
                return value;
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
