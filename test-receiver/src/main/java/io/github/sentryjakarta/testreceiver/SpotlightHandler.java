package io.github.sentryjakarta.testreceiver;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Handles {@code POST /stream}, the Spotlight sidecar endpoint. Spotlight needs no auth, but the
 * SPEC says the envelope goes uncompressed with {@code Content-Type: application/x-sentry-envelope};
 * behaviours do not apply here, so Spotlight keeps working while Sentry is made to misbehave.
 */
final class SpotlightHandler extends RecordingHandler {

    static final String PATH = "/stream";
    private static final String ENVELOPE_TYPE = "application/x-sentry-envelope";

    SpotlightHandler(Journal journal) {
        super(journal, "spotlight: ");
    }

    @Override
    boolean serve(HttpExchange exchange) throws IOException, Refusal {
        journal.spotlight(receive(exchange));
        Exchanges.respond(exchange, 200, Map.of(), "");
        return false;
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
