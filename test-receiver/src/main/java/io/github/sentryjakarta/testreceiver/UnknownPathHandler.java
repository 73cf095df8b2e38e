package io.github.sentryjakarta.testreceiver;

import com.sun.net.httpserver.HttpExchange;

/**
 * Answers 404 to every path that is neither the envelope endpoint nor Spotlight, and records it:
 * a client posting to the wrong URL is a bug the tests should see.
 */
final class UnknownPathHandler extends RecordingHandler {

    UnknownPathHandler(Journal journal) {
        super(journal, "");
    }

    @Override
    boolean serve(HttpExchange exchange) throws Refusal {
        journal.countRequest();
        throw new Refusal(404, "unknown path");
    }
}
