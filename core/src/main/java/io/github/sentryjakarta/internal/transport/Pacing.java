package io.github.sentryjakarta.internal.transport;

/**
 * When the transport's senders may start a request: at most {@code sentry.transport.max-requests} in flight,
 * and after a connection failure a back-off, then a single probe at a time until one succeeds. Not
 * thread-safe: used under the transport's lock.
 */
final class Pacing {

    private final Backoff backoff = new Backoff();
    private final int requestLimit;
    /** The envelope sent as the probe after a back-off, or {@code null}; the others wait for its answer. */
    private Object probe;

    Pacing(int maxRequests) {
        this.requestLimit = maxRequests;
    }

    int requestLimit() {
        return requestLimit;
    }

    /** @return whether connections are failing: the back-off or its probe is on, and one request goes at a time */
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
        return 0;
    }

    /** Records that {@code envelope} starts now: as the probe when the back-off is on. */
    void started(Object envelope) {
        if (backoff.failing()) {
            probe = envelope;
        }
    }

    /**
     * Learns from the outcome of {@code envelope}'s request.
     *
     * @return whether it was the probe, which the others waited for
     */
    boolean finished(Object envelope, Exchange.Outcome outcome, long now) {
        boolean wasProbe = probe == envelope;
        if (wasProbe) {
            probe = null;
        }
        if (outcome == Exchange.Outcome.NOT_SENT || outcome == Exchange.Outcome.FAILED) {
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
