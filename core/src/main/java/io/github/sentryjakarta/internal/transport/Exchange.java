package io.github.sentryjakarta.internal.transport;

import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.integration.Dsn;
import io.github.sentryjakarta.integration.SentryOptions;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One HTTP request of the transport and what its answer means: the request (gzip body, auth, timeouts), the
 * client that reuses connections for all of them ({@link Http1Client}, HTTP/1.1 in clear or over TLS, as
 * Sentry's Python and JavaScript SDKs send), and the classification of answers and failures. Also the log lines
 * about them: whatever came from the network is escaped and shortened before it reaches the application's log.
 */
final class Exchange {

    /** What became of one request. */
    enum Outcome {
        /** Answered 2xx. */
        DELIVERED,
        /** Answered 429: Sentry counts it. */
        RATE_LIMITED,
        /** Not sent: a rate limit held for its category. */
        RATE_LIMITED_BEFORE,
        /** Answered with another status. */
        REFUSED,
        /** Failed after the connection was made (timeout, reset, a broken answer): it may have arrived. */
        FAILED,
        /** No connection could be made: it never reached Sentry. */
        NOT_SENT
    }

    /** The rate limit headers of an answer. */
    record Headers(String rateLimits, String retryAfter) {
    }

    /**
     * @param outcome what happened
     * @param status the HTTP status, 0 without an answer
     * @param headers the rate limit headers, {@code null} without an answer
     * @param why a short, escaped explanation for the log
     */
    record Result(Outcome outcome, int status, Headers headers, String why) {
        static final Result DELIVERED = new Result(Outcome.DELIVERED, 200, null, "");
        static final Result RATE_LIMITED_BEFORE = new Result(Outcome.RATE_LIMITED_BEFORE, 0, null, "rate limited");

        boolean delivered() {
            return outcome == Outcome.DELIVERED;
        }
    }

    private static final String ENVELOPE_CONTENT_TYPE = "application/x-sentry-envelope";
    /** Spotlight runs on the developer's machine: a few idle connections to it are plenty. */
    private static final int SPOTLIGHT_CONNECTIONS = 4;
    private static final int MAX_LOGGED_CHARS = 200;
    private static final Logger LOG = System.getLogger(HttpTransport.class.getName());

    private final Dsn dsn;
    private final URI endpoint;
    private final URI spotlightUrl;
    private final Duration requestTimeout;
    /** To Sentry: HTTP/1.1 over TLS for {@code https://}, which closes a connection on any broken answer. */
    private final Http1Client http;
    private final Http1Client spotlight;
    /** The constant headers; the client adds {@code Content-Encoding} and the length per body. */
    private final Map<String, String> headers;
    private final Map<String, String> spotlightHeaders = Map.of("Content-Type", ENVELOPE_CONTENT_TYPE,
            "User-Agent", HttpTransport.CLIENT);
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicBoolean unresolvedLogged = new AtomicBoolean();
    private final AtomicBoolean spotlightFailureLogged = new AtomicBoolean();
    private final boolean debug;

    Exchange(SentryOptions options, ThreadFactory threads) {
        this.dsn = options.dsn().orElse(null);
        this.endpoint = dsn == null ? null : dsn.envelopeUri();
        this.spotlightUrl = options.spotlight() ? options.spotlightUrl() : null;
        this.debug = options.debug();
        this.requestTimeout = options.requestTimeout();
        this.http = endpoint == null ? null
                : new Http1Client(endpoint, options.connectTimeout(), options.maxRequests(), threads);
        this.spotlight = spotlightUrl == null ? null
                : new Http1Client(spotlightUrl, options.connectTimeout(), SPOTLIGHT_CONNECTIONS, threads);
        this.headers = dsn == null ? Map.of() : Map.of("Content-Type", ENVELOPE_CONTENT_TYPE,
                "X-Sentry-Auth", dsn.authHeader(HttpTransport.CLIENT), "User-Agent", HttpTransport.CLIENT);
    }

    /**
     * Sends one envelope where it goes: Spotlight first when on, then Sentry unless a rate limit holds for its
     * category (the limits the answer brings are learnt at once, for the envelopes not yet started).
     */
    Result deliver(Outgoing envelope, RateLimits rateLimits) {
        if (envelope.spotlight() != null) {
            postToSpotlight(envelope.spotlight());
        }
        if (endpoint == null) {
            return Result.DELIVERED;
        }
        if (rateLimits.isLimited(envelope.category())) {
            return Result.RATE_LIMITED_BEFORE;
        }
        Result result = post(envelope.body(), null);
        if (result.headers() != null) {
            rateLimits.update(result.status(), result.headers().rateLimits(), result.headers().retryAfter());
        }
        return result;
    }

    /**
     * Posts one envelope (gzip or as it is, see {@link Gzip}) to Sentry and waits for the answer; never throws.
     *
     * @param timeout the time to wait for the answer, {@code null} for the configured request timeout
     */
    Result post(byte[] body, Duration timeout) {
        Duration limit = timeout == null || timeout.compareTo(requestTimeout) > 0 ? requestTimeout : timeout;
        try {
            Http1Connection.Answer answer = http.post(headers, body, limit);
            return answered(answer.status(), new Headers(answer.rateLimits(), answer.retryAfter()));
        } catch (Http1Client.NotConnected e) {
            return notSent(e.getCause());
        } catch (IOException | RuntimeException e) {
            String why = Thread.currentThread().isInterrupted() ? "abandoned at shutdown" : describe(e);
            return new Result(Outcome.FAILED, 0, null, why);
        }
    }

    private Result answered(int status, Headers headers) {
        if (status >= 200 && status < 300) {
            failing.set(false);
            return new Result(Outcome.DELIVERED, status, headers, "");
        }
        return new Result(status == 429 ? Outcome.RATE_LIMITED : Outcome.REFUSED, status, headers, "HTTP " + status);
    }

    private Result notSent(Throwable e) {
        if (isUnresolved(e) && unresolvedLogged.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "sentry-jakarta: the DSN host " + escape(dsn.host())
                    + " does not resolve; envelopes wait in the queue (bounded) until it does");
        }
        return new Result(Outcome.NOT_SENT, 0, null, describe(e));
    }

    private static boolean isUnresolved(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException || cause instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /** Posts the uncompressed envelope to Spotlight, a local development aid; see {@link #spotlightFailed}. */
    void postToSpotlight(byte[] envelope) {
        try {
            int status = spotlight.post(spotlightHeaders, envelope, requestTimeout).status();
            if (status < 200 || status >= 300) {
                spotlightFailed("HTTP " + status, true);
            }
        } catch (IOException | RuntimeException e) {
            spotlightFailed(describe(e), false);
        }
    }

    /**
     * A Spotlight that answers with an error is misconfigured: a WARN, once. One that does not answer is
     * usually just not running: a DEBUG line, once. With {@code sentry.debug} every failure is logged.
     */
    private void spotlightFailed(String why, boolean answered) {
        boolean first = spotlightFailureLogged.compareAndSet(false, true);
        if (!first && !debug) {
            return;
        }
        Level level = first && answered ? Level.WARNING : debug ? Level.INFO : Level.DEBUG;
        LOG.log(level, () -> "sentry-jakarta: Spotlight at " + spotlightUrl + (answered ? " answered " : " failed: ") + why
                + (debug ? "" : " (further failures are logged with sentry.debug=true)"));
    }

    void logSent(Level detail, Outgoing envelope) {
        LOG.log(detail, () -> "sentry-jakarta sent " + describe(envelope));
    }

    /** The first failure after a success is worth a warning; a dead endpoint is not worth one per envelope. */
    void logFailure(Level detail, Outgoing envelope, String why, String consequence) {
        Level level = failing.getAndSet(true) ? detail : Level.WARNING;
        LOG.log(level, () -> "sentry-jakarta could not send " + describe(envelope) + " to " + endpoint + ": " + why
                + " (" + consequence + ")");
    }

    /** Ends the requests in flight now (shutdown gave up on them): they fail at once. */
    void abort() {
        if (http != null) {
            http.abort();
        }
        if (spotlight != null) {
            spotlight.abort();
        }
    }

    /** Closes every connection and ends the watchdogs' threads. */
    void close() {
        if (http != null) {
            http.close();
        }
        if (spotlight != null) {
            spotlight.close();
        }
    }

    static String describe(Outgoing envelope) {
        StringBuilder text = new StringBuilder("an envelope (");
        if (envelope.category() == DataCategory.ERROR) {
            text.append("an error event");
        } else if (envelope.transactions() > 0) {
            text.append("a transaction with ").append(envelope.spans()).append(" spans");
        } else if (envelope.spans() > 0) {
            text.append(envelope.spans()).append(" spans");
        } else {
            text.append("client report");
        }
        if (envelope.spans() > 0 && !envelope.report().isEmpty()) {
            text.append(" and a client report");
        }
        return text.append(", ").append(envelope.body().length)
                .append(Gzip.isCompressed(envelope.body()) ? " bytes gzip)" : " bytes)").toString();
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + escape(e.getMessage()));
    }

    /**
     * Text that came from the network (a server's status line or header quoted in an exception), made safe
     * for a log line: control and non-ASCII characters as {@code \\uXXXX}, at most {@value #MAX_LOGGED_CHARS}
     * characters.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LOGGED_CHARS) + 16);
        for (int i = 0; i < text.length(); i++) {
            if (out.length() >= MAX_LOGGED_CHARS) {
                return out.append("...(").append(text.length()).append(" chars)").toString();
            }
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }
}
