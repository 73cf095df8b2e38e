package io.github.sentryjakarta.testreceiver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Handles {@code POST /stream}, the Spotlight sidecar endpoint. Spotlight needs no auth, but the
 * SPEC says the envelope goes uncompressed with {@code Content-Type: application/x-sentry-envelope};
 * behaviours do not apply here, so Spotlight keeps working while Sentry is made to misbehave.
 */
final class SpotlightHandler implements HttpHandler {

    static final String PATH = "/stream";
    private static final String ENVELOPE_TYPE = "application/x-sentry-envelope";

    private final Journal journal;

    SpotlightHandler(Journal journal) {
        this.journal = journal;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            journal.spotlight(receive(exchange));
            Exchanges.respond(exchange, 200, Map.of(), "");
        } catch (Refusal refusal) {
            journal.rejected("spotlight: " + refusal.status() + " " + Exchanges.describe(exchange) + ": "
                    + refusal.getMessage());
            Exchanges.respond(exchange, refusal.status(), Map.of(), Exchanges.detail(refusal.getMessage()));
        } catch (RuntimeException bug) {
            // The JDK server would only drop the connection; recording it makes a receiver bug visible to the test.
            journal.rejected("spotlight: 500 " + Exchanges.describe(exchange) + ": receiver failure: " + bug);
            throw bug;
        } finally {
            exchange.close();
        }
    }

    private static Envelope receive(HttpExchange exchange) throws IOException, Refusal {
        if (!PATH.equals(exchange.getRequestURI().getRawPath())) {
            throw new Refusal(404, "not the Spotlight endpoint " + PATH);
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw new Refusal(405, "Spotlight envelopes must be POSTed");
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.split(";")[0].trim().toLowerCase(Locale.ROOT).equals(ENVELOPE_TYPE)) {
            throw new Refusal(415, "Content-Type must be " + ENVELOPE_TYPE + ", was " + contentType);
        }
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            throw new Refusal(400, "Spotlight envelopes must be uncompressed, got Content-Encoding " + encoding);
        }
        byte[] body = Exchanges.body(exchange);
        try {
            EnvelopeParser.Parsed parsed = EnvelopeParser.parse(body);
            return new Envelope(parsed.header(), parsed.items(), body, body.length, false,
                    Exchanges.headers(exchange), Instant.now());
        } catch (MalformedEnvelopeException e) {
            throw new Refusal(400, e.getMessage());
        }
    }
}
