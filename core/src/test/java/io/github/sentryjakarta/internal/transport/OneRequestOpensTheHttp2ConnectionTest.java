package io.github.sentryjakarta.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Pacing} lets one request open an HTTP/2 connection before the others start (see
 * {@code SpansReachHttpsSentryOverHttp2WithOwnTrustStoreTest} for what that saves), again once the endpoint has
 * been quiet long enough for the connection to be gone, and never holds back requests over HTTP/1.1.
 */
class OneRequestOpensTheHttp2ConnectionTest {

    private static final long PATIENCE = TimeUnit.SECONDS.toNanos(60);
    private static final long QUIET = TimeUnit.MILLISECONDS.toNanos(Pacing.QUIET_MILLIS);

    @Test
    void theOthersWaitForTheFirstAnswerThenGoTogether() {
        Pacing pacing = new Pacing(128, true);
        Object first = new Object();
        assertThat(pacing.waitBeforeStart(0, 0, PATIENCE)).isZero();
        pacing.started(first, 0, 0);

        assertThat(pacing.waitBeforeStart(1, 1, PATIENCE)).as("while the first is in flight").isEqualTo(PATIENCE);
        assertThat(pacing.oneAtATime()).isTrue();

        assertThat(pacing.finished(first, Exchange.Outcome.DELIVERED, 0, 2)).as("the others waited for it").isTrue();
        assertThat(pacing.oneAtATime()).isFalse();
        for (int inFlight = 0; inFlight < 128; inFlight++) {
            assertThat(pacing.waitBeforeStart(inFlight, 3, PATIENCE)).isZero();
            pacing.started(new Object(), inFlight, 3);
        }
        assertThat(pacing.waitBeforeStart(128, 3, PATIENCE)).as("the request limit still holds").isEqualTo(PATIENCE);
    }

    @Test
    void afterAQuietSpellTheNextRequestOpensAConnectionAgain() {
        Pacing pacing = new Pacing(128, true);
        Object first = new Object();
        pacing.started(first, 0, 0);
        pacing.finished(first, Exchange.Outcome.DELIVERED, 0, 10);

        pacing.started(new Object(), 0, 10 + QUIET - 1);
        assertThat(pacing.oneAtATime()).as("answered %d ms ago", Pacing.QUIET_MILLIS - 1).isFalse();

        Pacing quiet = new Pacing(128, true);
        Object opener = new Object();
        quiet.started(opener, 0, 0);
        quiet.finished(opener, Exchange.Outcome.DELIVERED, 0, 10);
        Object after = new Object();
        quiet.started(after, 0, 10 + QUIET);
        assertThat(quiet.oneAtATime()).as("answered %d ms ago", Pacing.QUIET_MILLIS).isTrue();
        assertThat(quiet.waitBeforeStart(1, 10 + QUIET, PATIENCE)).isEqualTo(PATIENCE);
    }

    @Test
    void aFailedOpeningLeavesTheBackOffToPace() {
        Pacing pacing = new Pacing(128, true);
        Object first = new Object();
        pacing.started(first, 0, 0);

        assertThat(pacing.finished(first, Exchange.Outcome.NOT_SENT, 0, 1)).isTrue();

        assertThat(pacing.opening()).isFalse();
        assertThat(pacing.failing()).as("the back-off, with its probe, takes over").isTrue();
        Object probe = new Object();
        pacing.started(probe, 0, TimeUnit.MINUTES.toNanos(1));
        assertThat(pacing.opening()).as("a probe, not an opener").isFalse();
    }

    @Test
    void overHttp1NoRequestWaitsForAnother() {
        Pacing pacing = new Pacing(128, false);
        pacing.started(new Object(), 0, 0);

        assertThat(pacing.oneAtATime()).isFalse();
        assertThat(pacing.waitBeforeStart(1, 1, PATIENCE)).isZero();
    }
}
