package io.github.sentryjakarta.testreceiver;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Handles {@code POST /api/{project}/envelope/}: validates the request like Relay, parses the
 * envelope, then answers according to the scheduled {@link Behavior}.
 */
final class IngestHandler extends RecordingHandler {

    private static final Pattern ENVELOPE_PATH = Pattern.compile("/api/([^/]+)/envelope/");

    private final String publicKey;
    private final String projectId;
    private final BehaviorSchedule schedule;
    private final ScheduledExecutorService timer;

    IngestHandler(String publicKey, String projectId, Journal journal, BehaviorSchedule schedule,
            ScheduledExecutorService timer) {
        super(journal, "");
        this.publicKey = publicKey;
        this.projectId = projectId;
        this.schedule = schedule;
        this.timer = timer;
    }

    @Override
    boolean serve(HttpExchange exchange) throws IOException, Refusal {
        journal.countRequest();
        Envelope envelope = receive(exchange);
        Behavior behavior = schedule.next();
        if (behavior instanceof Behavior.Delayed delayed && answerLater(exchange, envelope, delayed)) {
            return true;
        }
        answer(exchange, envelope, behavior);
        return false;
    }

    private Envelope receive(HttpExchange exchange) throws IOException, Refusal {
        Matcher path = ENVELOPE_PATH.matcher(exchange.getRequestURI().getRawPath());
        if (!path.matches()) {
            throw new Refusal(404, "not an envelope endpoint (expected /api/" + projectId + "/envelope/)");
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw new Refusal(405, "envelopes must be POSTed");
        }
        if (!projectId.equals(path.group(1))) {
            throw new Refusal(404, "unknown project " + path.group(1) + " (this receiver serves " + projectId + ")");
        }
        SentryAuth.check(exchange.getRequestHeaders().getFirst("X-Sentry-Auth"), publicKey);

        byte[] body = Exchanges.body(exchange);
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        byte[] envelope = ContentEncoding.decode(encoding, body);
        try {
            EnvelopeParser.Parsed parsed = EnvelopeParser.parse(envelope);
            return new Envelope(parsed.header(), parsed.items(), envelope, body.length,
                    ContentEncoding.isGzip(encoding), Exchanges.headers(exchange), Instant.now());
        } catch (MalformedEnvelopeException e) {
            throw new Refusal(400, e.getMessage());
        }
    }

    // Each branch records before answering, so a client that has its answer always finds it recorded.
    private void answer(HttpExchange exchange, Envelope envelope, Behavior behavior) throws IOException {
        if (behavior instanceof Behavior.Status status) {
            boolean success = status.code() / 100 == 2;
            if (success) {
                journal.accepted(envelope);
            } else {
                journal.refused(envelope);
            }
            Exchanges.respond(exchange, status.code(), status.headers(), success ? "{}" : "");
        } else if (behavior instanceof Behavior.Slow slow) {
            if (stall(slow)) {
                journal.accepted(envelope);
                Exchanges.respond(exchange, 200, Map.of(), "{}");
            }
        } else if (behavior instanceof Behavior.ResetConnection) {
            journal.refused(envelope);
            // No response at all: RecordingHandler closes the bare connection.
        } else {
            journal.accepted(envelope);
            Exchanges.respond(exchange, 200, Map.of(), "{}");
        }
    }

    /** @return whether the timer took the exchange; false when the receiver is closing */
    private boolean answerLater(HttpExchange exchange, Envelope envelope, Behavior.Delayed delayed) {
        try {
            timer.schedule(() -> {
                try {
                    journal.accepted(envelope);
                    Exchanges.respond(exchange, 200, Map.of(), "{}");
                } catch (IOException | RuntimeException e) {
                    // the client went away meanwhile: nothing to answer
                } finally {
                    exchange.close();
                }
            }, delayed.latency().toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (RejectedExecutionException closing) {
            return false;
        }
    }

    // Sleeping is the point here: it is the fake server being slow, not a test synchronising.
    private static boolean stall(Behavior.Slow slow) {
        try {
            Thread.sleep(slow.delay().toMillis());
            return true;
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
