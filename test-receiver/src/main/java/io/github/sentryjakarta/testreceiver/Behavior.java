package io.github.sentryjakarta.testreceiver;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the receiver answers a well-formed, authenticated envelope request. Requests that are
 * malformed or unauthenticated are always answered 400/401/404, whatever the behaviour.
 *
 * <p>Going down entirely (connection refused) is not a behaviour but {@link SentryReceiver#down()},
 * because it affects the socket rather than one answer.
 */
public sealed interface Behavior permits Behavior.Accept, Behavior.Status, Behavior.Slow, Behavior.Delayed,
        Behavior.ResetConnection {

    /**
     * Answer 200 with body {@code {}}, as Sentry does; the envelope counts as accepted.
     *
     * @return the behaviour
     */
    static Behavior accept() {
        return new Accept();
    }

    /**
     * Answer with the given status and headers. A 2xx status counts the envelope as accepted (so a
     * 200 can carry {@code X-Sentry-Rate-Limits}); anything else counts it as refused.
     *
     * @param code    an HTTP status from 200 to 599, for example 429
     * @param headers response headers, for example {@code X-Sentry-Rate-Limits: 60:span:organization}
     * @return the behaviour
     */
    static Behavior status(int code, Map<String, String> headers) {
        return new Status(code, headers);
    }

    /**
     * Answer with the given status and no extra headers.
     *
     * @param code an HTTP status from 200 to 599
     * @return the behaviour
     * @see #status(int, Map)
     */
    static Behavior status(int code) {
        return new Status(code, Map.of());
    }

    /**
     * Hold the request for {@code delay}, then answer 200; the envelope counts as accepted once
     * the delay has passed.
     *
     * @param delay how long the server stalls before answering
     * @return the behaviour
     */
    static Behavior slow(Duration delay) {
        return new Slow(delay);
    }

    /**
     * Answer 200 after {@code latency}, like a Sentry an internet round trip away. Unlike
     * {@link #slow(Duration)} no server thread waits meanwhile: a timer answers, so hundreds of requests can
     * be delayed at once. The envelope counts as accepted when the answer goes out.
     *
     * @param latency how long after reading the request the answer is sent
     * @return the behaviour
     */
    static Behavior latency(Duration latency) {
        return new Delayed(latency);
    }

    /**
     * Read the request, then close the connection without sending a response, so that the client
     * sees an {@link java.io.IOException}. The envelope counts as refused.
     *
     * @return the behaviour
     */
    static Behavior resetConnection() {
        return new ResetConnection();
    }

    /** Answer 200 {@code {}}. */
    record Accept() implements Behavior {
    }

    /**
     * Answer with a fixed status and headers.
     *
     * @param code    the HTTP status
     * @param headers the response headers, in insertion order
     */
    record Status(int code, Map<String, String> headers) implements Behavior {
        /**
         * Validates the status and copies the headers.
         *
         * @param code    the HTTP status, 200 to 599
         * @param headers the response headers
         */
        public Status {
            if (code < 200 || code > 599) {
                throw new IllegalArgumentException("status must be 200..599, got " + code);
            }
            // LinkedHashMap keeps the caller's order, which makes failure messages predictable.
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
        }
    }

    /**
     * Answer 200 after a delay.
     *
     * @param delay the stall before answering
     */
    record Slow(Duration delay) implements Behavior {
        /**
         * Validates the delay.
         *
         * @param delay the stall, zero or positive
         */
        public Slow {
            if (Objects.requireNonNull(delay, "delay").isNegative()) {
                throw new IllegalArgumentException("delay must not be negative: " + delay);
            }
        }
    }

    /**
     * Answer 200 after a delay, without holding a server thread.
     *
     * @param latency the time between reading the request and answering
     */
    record Delayed(Duration latency) implements Behavior {
        /**
         * Validates the latency.
         *
         * @param latency zero or positive
         */
        public Delayed {
            if (Objects.requireNonNull(latency, "latency").isNegative()) {
                throw new IllegalArgumentException("latency must not be negative: " + latency);
            }
        }
    }

    /** Close the connection without answering. */
    record ResetConnection() implements Behavior {
    }
}
