package io.github.sentryjakarta.internal.transport;

import io.github.sentryjakarta.testing.SelfSignedKeyStore;
import io.github.sentryjakarta.testreceiver.BrokenSentry;
import org.junit.jupiter.api.Test;

/**
 * The broken answers of {@link BrokenAnswersReleaseConnectionsTest}, inside completed TLS sessions, as a
 * TLS-terminating proxy or load balancer in front of a broken server sends them. The JDK's client, which the
 * transport used for {@code https://} before, kept a connection per garbage answer there (1 000 answers: 2 000
 * descriptors and 128 MB of heap). Fewer answers than in clear: each broken one costs a TLS handshake. In the
 * surefire execution {@code own-trust-store}, which trusts the endpoint's certificate.
 */
class BrokenAnswersInsideTlsReleaseConnectionsWithOwnTrustStoreTest {

    @Test
    void descriptorsHeapAndServerConnectionsComeBackAfterThousandsOfBrokenAnswersInsideTls() throws Exception {
        SelfSignedKeyStore keys = SelfSignedKeyStore.trustedByThisJvm();
        try (BrokenSentry sentry = BrokenSentry.startTls(BrokenSentry.Answer.OK, keys.serverContext())) {
            BrokenAnswersReleaseConnectionsTest.breakThenHeal(sentry, 1_000, 300);
        }
    }
}
