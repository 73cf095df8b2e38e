package io.github.sentryjakarta.testreceiver;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Small helpers around {@link HttpExchange} shared by the handlers.
 */
final class Exchanges {

    /** Far above any real envelope; only there so a runaway client cannot exhaust the test JVM. */
    static final int MAX_BODY_BYTES = 100 * 1024 * 1024;

    private Exchanges() {
    }

    static byte[] body(HttpExchange exchange) throws IOException, Refusal {
        // Not closed here: respond() drains what is left, and the exchange closes the stream.
        InputStream in = exchange.getRequestBody();
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new Refusal(413, "request body exceeds " + MAX_BODY_BYTES + " bytes");
        }
        return body;
    }

    static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new TreeMap<>();
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            headers.put(header.getKey().toLowerCase(Locale.ROOT), String.join(",", header.getValue()));
        }
        return headers;
    }

    static String describe(HttpExchange exchange) {
        return exchange.getRequestMethod() + " " + exchange.getRequestURI();
    }

    /** Sends a complete response; an empty body is sent as no body at all. */
    static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        // Draining first keeps the connection reusable when a request is refused before its body is read.
        exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String detail(String reason) {
        return "{\"detail\":\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\x00-\\x1f]", " ") + "\"}";
    }
}
