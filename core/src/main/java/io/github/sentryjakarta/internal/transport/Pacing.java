package io.github.sentryjakarta.internal.transport;

import java.util.concurrent.TimeUnit;

/**
 * When the transport's senders may start a request: at most the request limit in flight (lowered when an
 * HTTP/2 server refuses more streams than it allows, never above {@code sentry.transport.max-requests}), and
 * after a connection failure a back-off, then a single probe at a time until one succeeds. To an HTTP/2
 * endpoint the first request also goes alone, and again after {@value #QUIET_MILLIS} ms without an answer:
 * the JDK's client opens a connection of its own for every request started before one is up, so a burst at
 * start (or after the server may have closed an idle connection) made up to the request limit of TLS
 * connections to Sentry, each with its handshake, where one carries them all once it is open. Not
 * thread-safe: used under the transport's lock.
 */
final class Pacing {

    /** After this long without an answer the HTTP/2 connection may be gone, and the next request opens one. */
    static final long QUIET_MILLIS = 20_000;

    private final Backoff backoff = new Backoff();
    private final boolean multiplexed;
    private int requestLimit;
    /** The envelope sent as the probe after a back-off, or {@code null}; the others wait for its answer. */
    private Object probe;
    /** The envelope whose request opens the HTTP/2 connection, or {@code null}; the others wait for its answer. */
    private Object opener;
    private boolean answered;
    private long lastAnswerAt;

    /** @param multiplexed whether the endpoint speaks HTTP/2, where one connection carries every request */
    Pacing(int maxRequests, boolean multiplexed) {
        this.requestLimit = maxRequests;
        this.multiplexed = multiplexed;
    }

    int requestLimit() {
        return requestLimit;
    }

    /** @return whether connections are failing: the back-off or its probe is on */
    boolean failing() {
        return backoff.failing();
    }

    /** Ends the back-off's wait now (shutdown tries once more, whatever it said). */
    void expire(long now) {
        backoff.expire(now);
    }

    /**
     * @param patience what to answer when only another request's end can change the answer
     * @return 0 when a request may start now, else how long to wait before asking again
     */
    long waitBeforeStart(int inFlight, long now, long patience) {
        if (inFlight >= requestLimit) {
            return patience;
        }
        if (backoff.failing()) {
            long wait = backoff.remaining(now);
            if (wait > 0) {
                return wait;
            }
            if (probe != null) {
                return patience;
            }
        }
        return opener != null ? patience : 0;
    }

    /** @return whether one request goes at a time: connections fail, or the HTTP/2 connection is being opened */
    boolean oneAtATime() {
        return backoff.failing() || opening();
    }

    /** @return whether the request opening the HTTP/2 connection is in flight */
    boolean opening() {
        return opener != null;
    }

    /**
     * Records that {@code envelope} starts now: as the probe when the back-off is on, else as the opener of the
     * HTTP/2 connection when none may be open.
     *
     * @param inFlight the requests in flight before this one
     */
    void started(Object envelope, int inFlight, long now) {
        if (backoff.failing()) {
            probe = envelope;
        } else if (multiplexed && inFlight == 0
                && (!answered || now - lastAnswerAt >= TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS))) {
            opener = envelope;
        }
    }

    /**
     * Learns from the outcome of {@code envelope}'s request.
     *
     * @param inFlight the requests still in flight
     * @return whether it was the probe or the opener, which the others waited for
     */
    boolean finished(Object envelope, Exchange.Outcome outcome, int inFlight, long now) {
        boolean wasProbe = probe == envelope || opener == envelope;
        if (wasProbe) {
            probe = null;
            opener = null;
        }
        if (outcome != Exchange.Outcome.NOT_SENT && outcome != Exchange.Outcome.FAILED
                && outcome != Exchange.Outcome.RATE_LIMITED_BEFORE) {
            answered = true; // the server answered (too many streams included): a connection is open
            lastAnswerAt = now;
        }
        if (outcome == Exchange.Outcome.TOO_MANY_STREAMS) {
            requestLimit = Math.max(1, Math.min(requestLimit, inFlight));
        } else if (outcome == Exchange.Outcome.NOT_SENT || outcome == Exchange.Outcome.FAILED) {
            // Requests started together fail together: only the first failure and failed probes lengthen the wait.
            if (wasProbe || !backoff.failing()) {
                backoff.failed(now);
            }
        } else if (outcome != Exchange.Outcome.RATE_LIMITED_BEFORE) {
            backoff.succeeded();
        }
        return wasProbe;
    }
}
