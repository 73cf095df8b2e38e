package io.github.sentryjakarta.testreceiver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;

/**
 * Answers 404 to every path that is neither the envelope endpoint nor Spotlight, and records it:
 * a client posting to the wrong URL is a bug the tests should see.
 */
final class UnknownPathHandler implements HttpHandler {

    private final Journal journal;

    UnknownPathHandler(Journal journal) {
        this.journal = journal;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            journal.countRequest();
            journal.rejected("404 " + Exchanges.describe(exchange) + ": unknown path");
            Exchanges.respond(exchange, 404, Map.of(), Exchanges.detail("unknown path"));
        } finally {
            exchange.close();
        }
    }
}
