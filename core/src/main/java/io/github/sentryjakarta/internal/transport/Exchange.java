package io.github.sentryjakarta.internal.transport;

import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.integration.Dsn;
import io.github.sentryjakarta.integration.SentryOptions;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One HTTP request of the transport and what its answer means: the request (gzip body, auth, timeouts), the
 * client that reuses connections for all of them (the JDK's over TLS, HTTP/2 where the endpoint negotiates it;
 * {@link Http1Client} in clear, where the JDK's would keep the socket of every answer it cannot parse), and
 * the classification of answers and failures. Also the log lines about
 * them: whatever came from the network is escaped and shortened before it reaches the application's log.
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
        NOT_SENT,
        /** An HTTP/2 server refused one stream more than it allows: it never left. */
        TOO_MANY_STREAMS
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
    /**
     * The answer is complete for us once its status and headers are in: the body (Sentry's {@code {}}, or
     * whatever a broken server trickles) is read and discarded in the background, so a trickling answer holds
     * no sender thread past the request timeout (which the JDK applies to the headers only). A body read to
     * its end leaves the connection to be reused.
     */
    private static final HttpResponse.BodyHandler<Void> HEADERS_ONLY = info -> new HttpResponse.BodySubscriber<Void>() {
        @Override
        public java.util.concurrent.CompletionStage<Void> getBody() {
            return java.util.concurrent.CompletableFuture.completedStage(null);
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(java.util.List<java.nio.ByteBuffer> item) {
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    };
    private static final int MAX_LOGGED_CHARS = 200;
    private static final Logger LOG = System.getLogger(HttpTransport.class.getName());

    private final Dsn dsn;
    private final URI endpoint;
    private final String auth;
    private final HttpClient.Version version;
    private final URI spotlightUrl;
    private final Duration requestTimeout;
    private final ThreadPoolExecutor executor;
    private final HttpClient http;
    /** For an {@code http://} DSN: our own HTTP/1.1, which closes a connection on any broken answer. */
    private final Http1Client http1;
    /** For {@link #http1}: the constant headers; it adds {@code Content-Encoding} and the length per body. */
    private final Map<String, String> headers;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicBoolean unresolvedLogged = new AtomicBoolean();
    private final AtomicBoolean spotlightFailureLogged = new AtomicBoolean();
    private final boolean debug;

    Exchange(SentryOptions options, ThreadFactory threads) {
        this.dsn = options.dsn().orElse(null);
        this.endpoint = dsn == null ? null : dsn.envelopeUri();
        this.auth = dsn == null ? null : dsn.authHeader(HttpTransport.CLIENT);
        // HTTP/2 is negotiated by ALPN over TLS; in clear the JDK would try an h2c upgrade on every new
        // connection, which some proxies answer badly: plain keep-alive HTTP/1.1 there.
        this.version = endpoint != null && "https".equals(endpoint.getScheme()) ? HttpClient.Version.HTTP_2
                : HttpClient.Version.HTTP_1_1;
        this.spotlightUrl = options.spotlight() ? options.spotlightUrl() : null;
        this.debug = options.debug();
        this.requestTimeout = options.requestTimeout();
        // The client's own asynchronous steps run here, never in the application's common pool; the
        // threads end when idle.
        this.executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        this.executor.allowCoreThreadTimeOut(true);
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(version)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor);
        ProxySelector proxy = ProxySelector.getDefault();
        if (proxy != null) {
            builder.proxy(proxy);
        }
        this.http = builder.build();
        this.http1 = endpoint != null && "http".equals(endpoint.getScheme())
                ? new Http1Client(endpoint, options.connectTimeout(), options.maxRequests(), threads) : null;
        this.headers = auth == null ? Map.of() : Map.of("Content-Type", ENVELOPE_CONTENT_TYPE,
                "X-Sentry-Auth", auth, "User-Agent", HttpTransport.CLIENT);
    }

    /** @return whether the endpoint speaks HTTP/2 (over TLS), where one connection carries every request */
    boolean multiplexed() {
        return http1 == null && version == HttpClient.Version.HTTP_2;
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
        if (http1 != null) {
            return postHttp1(body, limit);
        }
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                    .version(version)
                    .timeout(limit)
                    .header("Content-Type", ENVELOPE_CONTENT_TYPE)
                    .header("X-Sentry-Auth", auth)
                    .header("User-Agent", HttpTransport.CLIENT);
            if (Gzip.isCompressed(body)) {
                builder.header("Content-Encoding", "gzip");
            }
            HttpRequest request = builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            // send, not sendAsync: see HttpTransport on threads
            HttpResponse<Void> response = http.send(request, HEADERS_ONLY);
            return answered(response.statusCode(), new Headers(
                    response.headers().firstValue("X-Sentry-Rate-Limits").orElse(null),
                    response.headers().firstValue("Retry-After").orElse(null)));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            return notSent(e);
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("too many concurrent streams")) {
                return new Result(Outcome.TOO_MANY_STREAMS, 0, null, describe(e));
            }
            return new Result(Outcome.FAILED, 0, null, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Outcome.FAILED, 0, null, "abandoned at shutdown");
        } catch (RuntimeException e) {
            return new Result(Outcome.FAILED, 0, null, describe(e));
        }
    }

    private Result postHttp1(byte[] body, Duration timeout) {
        try {
            Http1Connection.Answer answer = http1.post(headers, body, timeout);
            return answered(answer.status(), new Headers(answer.rateLimits(), answer.retryAfter()));
        } catch (Http1Client.NotConnected e) {
            return notSent(e.getCause());
        } catch (IOException | RuntimeException e) {
            return new Result(Outcome.FAILED, 0, null, Thread.currentThread().isInterrupted() ? "abandoned at shutdown" : describe(e));
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
            HttpRequest request = HttpRequest.newBuilder(spotlightUrl)
                    .version(HttpClient.Version.HTTP_1_1)
                    .timeout(requestTimeout)
                    .header("Content-Type", ENVELOPE_CONTENT_TYPE)
                    .header("User-Agent", HttpTransport.CLIENT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(envelope))
                    .build();
            int status = http.send(request, HEADERS_ONLY).statusCode();
            if (status < 200 || status >= 300) {
                spotlightFailed("HTTP " + status, true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        if (http1 != null) {
            http1.abort();
        }
    }

    /** Releases the client's threads now (Java 21+ closes the client; before, the pool's end lets it go). */
    void close() {
        if (http1 != null) {
            http1.close();
        }
        executor.shutdown();
        if (http instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "sentry-jakarta: closing the HTTP client failed", e);
            }
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
