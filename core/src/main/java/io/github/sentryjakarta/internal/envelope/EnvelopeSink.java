package io.github.sentryjakarta.internal.envelope;

import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import java.time.Duration;
import java.util.List;

/**
 * Where encoded envelopes go: the transport, which sends bytes and knows nothing of spans. Every method
 * returns quickly except {@link #flush} and {@link #close}, and none throws. Whatever it takes is its to
 * deliver or to count.
 */
public interface EnvelopeSink {

    /** @return whether Sentry asked not to send items of this category now, so that encoding them is moot */
    boolean isRateLimited(DataCategory category);

    /** Takes one envelope; counts it (per span and transaction) when it cannot hold it. */
    void send(EncodedEnvelope envelope);

    /**
     * @return the pending drop counts when a client report is due, to ride along in the next envelope (whose
     *         failure puts them back); empty when none is due
     */
    List<ClientReports.Discard> takeDueReport();

    /** Nothing came for a while: a chance to send the pending client report when one is due. */
    void idle();

    /** Waits until everything taken so far was answered (or dropped and counted), then sends the pending client report. @return whether in time */
    boolean flush(Duration timeout);

    /** Sends what it holds within the timeout, then the last client report; keeps or counts the rest. */
    void close(Duration timeout);

    /**
     * How the pipeline reads a flush or close timeout: {@code null} or negative waits not at all, and one too
     * long for {@code long} nanoseconds waits "for ever" without overflowing a deadline built on it.
     *
     * @param timeout the timeout given
     * @return it in nanoseconds, at least 0
     */
    static long timeoutNanos(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            return 0;
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }
}
