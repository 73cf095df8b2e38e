package io.github.sentryjakarta.testreceiver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;

/**
 * What every endpoint of the receiver does around its own answer: a {@link Refusal} is recorded, then answered with
 * Sentry's JSON error body (recorded first, so a client that has its answer always finds it recorded); a receiver
 * bug is recorded, since the JDK server would only drop the connection, which a test would not see; and the exchange
 * is closed, unless the endpoint handed it to a timer that answers later.
 */
abstract class RecordingHandler implements HttpHandler {

    final Journal journal;
    private final String endpoint;

    /** @param endpoint what records of this endpoint start with ({@code "spotlight: "}), or {@code ""} for Sentry's */
    RecordingHandler(Journal journal, String endpoint) {
        this.journal = journal;
        this.endpoint = endpoint;
    }

    /**
     * Answers the request, or refuses it by throwing.
     *
     * @return whether the exchange was handed over to be answered and closed later
     */
    abstract boolean serve(HttpExchange exchange) throws IOException, Refusal;

    @Override
    public final void handle(HttpExchange exchange) throws IOException {
        boolean answeredLater = false;
        try {
            answeredLater = serve(exchange);
        } catch (Refusal refusal) {
            journal.rejected(endpoint + refusal.status() + " " + Exchanges.describe(exchange) + ": "
                    + refusal.getMessage());
            Exchanges.respond(exchange, refusal.status(), Map.of(), Exchanges.detail(refusal.getMessage()));
        } catch (RuntimeException bug) {
            journal.rejected(endpoint + "500 " + Exchanges.describe(exchange) + ": receiver failure: " + bug);
            throw bug;
        } finally {
            // Closing before headers were sent drops the connection, which is what resetConnection relies on.
            if (!answeredLater) {
                exchange.close();
            }
        }
    }
}
