package io.github.sentryjakarta.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.testreceiver.Behavior;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * While Sentry cannot be reached, envelopes wait in the queue and one probe at a time goes. Once a probe is
 * answered, what waited goes at once, in parallel, without new envelopes having to arrive to start senders: at
 * an internet round trip, one sender working through the queue alone would take a round trip per envelope.
 */
class WhatQueuedDuringAnOutageGoesInParallelOnceSentryAnswersTest {

    private static final Duration ROUND_TRIP = Duration.ofMillis(100);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void theQueueDrainsInAboutOneRoundTripAfterTheFirstProbeIsAnswered() {
        SenderThreads threads = new SenderThreads("outage-drain-test-sender");
        try (SentryReceiver receiver = SentryReceiver.start()) {
            receiver.respondWith(Behavior.latency(ROUND_TRIP));
            receiver.down();
            HttpTransport transport = new HttpTransport(SentryOptions.builder().dsn(receiver.dsn()).build(),
                    new ClientReports(), threads);
            try {
                // The first envelope finds Sentry unreachable: from then on one sender waits out the back-off.
                transport.send(SenderThreads.envelope());
                threads.awaitStarted(1, WAIT);
                threads.awaitAllParked(WAIT);
                int queued = 40;
                for (int i = 1; i < queued; i++) {
                    transport.send(SenderThreads.envelope());
                }
                receiver.up();

                assertThat(receiver.await(r -> r.requestCount() >= 1, WAIT)).as("a probe came").isTrue();
                long probeArrived = System.nanoTime();
                assertThat(transport.flush(WAIT)).as("all answered").isTrue();
                Duration drained = Duration.ofNanos(System.nanoTime() - probeArrived);
                assertThat(receiver.envelopes()).hasSize(queued);

                // The probe's round trip, then the other 39 together: well under a second. One at a time: 3.9 s.
                assertThat(drained).as("from the probe's arrival to the answer of the last of %d envelopes", queued)
                        .isLessThan(ROUND_TRIP.multipliedBy(queued / 4));
            } finally {
                transport.close(Duration.ofSeconds(2));
            }
        }
    }
}
