package io.github.sentryjakarta.testreceiver;

import static io.github.sentryjakarta.testreceiver.EnvelopeBuilder.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MisbehaviourTest {

    private final SentryReceiver receiver = SentryReceiver.start();
    private final byte[] spans = envelope().spanItem("a939e9311a1a31c8").bytes();

    @AfterEach
    void close() {
        receiver.close();
    }

    @Test
    void rateLimitAnswersWithItsHeadersAndCountsTheEnvelopeAsRefused() throws Exception {
        receiver.respondWith(Behavior.status(429, Map.of("X-Sentry-Rate-Limits", "60:span:organization", "Retry-After", "60")));

        HttpResponse<String> response = Post.gzip(receiver, spans);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("X-Sentry-Rate-Limits")).hasValue("60:span:organization");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(receiver.refusedEnvelopes()).hasSize(1);
        assertThat(receiver.envelopes()).isEmpty();
        assertThat(receiver.spans()).isEmpty();
        assertThat(receiver.rejections()).isEmpty();
    }

    @Test
    void successStatusWithRateLimitHeadersStillAccepts() throws Exception {
        receiver.respondWith(Behavior.status(200, Map.of("X-Sentry-Rate-Limits", "60:transaction:key")));

        HttpResponse<String> response = Post.gzip(receiver, spans);

        assertThat(response.headers().firstValue("X-Sentry-Rate-Limits")).hasValue("60:transaction:key");
        assertThat(receiver.spans()).hasSize(1);
    }

    @Test
    void respondOnceAppliesToTheNextRequestOnly() throws Exception {
        receiver.respondOnce(Behavior.status(503));

        assertThat(Post.gzip(receiver, spans).statusCode()).isEqualTo(503);
        assertThat(Post.gzip(receiver, spans).statusCode()).isEqualTo(200);
        assertThat(receiver.refusedEnvelopes()).hasSize(1);
        assertThat(receiver.envelopes()).hasSize(1);
    }

    @Test
    void slowAnswersAfterTheDelay() throws Exception {
        receiver.respondWith(Behavior.slow(Duration.ofMillis(300)));
        long start = System.nanoTime();

        HttpResponse<String> response = Post.gzip(receiver, spans);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(receiver.spans()).hasSize(1);
    }

    @Test
    void latencyAnswersHundredsOfRequestsAtOnceEachAfterTheDelay() throws Exception {
        Duration latency = Duration.ofMillis(500);
        receiver.respondWith(Behavior.latency(latency));
        int requests = 250; // far more than the receiver's 8 threads: the delay must not hold one each
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        long start = System.nanoTime();

        List<CompletableFuture<Long>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            answers.add(client.sendAsync(Post.gzipped(receiver, spans), HttpResponse.BodyHandlers.ofString())
                    .thenApply(response -> {
                        assertThat(response.statusCode()).isEqualTo(200);
                        return System.nanoTime() - start;
                    }));
        }
        List<Long> took = new ArrayList<>();
        for (CompletableFuture<Long> answer : answers) {
            took.add(answer.get(30, TimeUnit.SECONDS));
        }

        assertThat(took).allSatisfy(nanos -> assertThat(Duration.ofNanos(nanos)).isGreaterThanOrEqualTo(latency));
        // one thread per delayed answer would take 250 / 8 x 500 ms = 15.6 s
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(receiver.envelopes()).hasSize(requests);
    }

    @Test
    void resetConnectionGivesTheClientAnIoException() {
        receiver.respondWith(Behavior.resetConnection());

        assertThatThrownBy(() -> Post.gzip(receiver, spans)).isInstanceOf(IOException.class);
        assertThat(receiver.await(r -> r.refusedEnvelopes().size() == 1, Duration.ofSeconds(5))).isTrue();
        assertThat(receiver.envelopes()).isEmpty();
    }

    @Test
    void downRefusesConnectionsAndUpRecoversOnTheSamePort() throws Exception {
        int port = receiver.port();

        receiver.down();

        assertThat(receiver.isUp()).isFalse();
        assertThatThrownBy(() -> Post.gzip(receiver, spans)).isInstanceOf(ConnectException.class);

        receiver.up();

        assertThat(receiver.port()).isEqualTo(port);
        assertThat(Post.gzip(receiver, spans).statusCode()).isEqualTo(200);
        assertThat(receiver.spans()).hasSize(1);
    }

    @Test
    void downAndUpAreIdempotent() throws Exception {
        receiver.down();
        receiver.down();
        receiver.up();
        receiver.up();

        assertThat(Post.gzip(receiver, spans).statusCode()).isEqualTo(200);
    }

    @Test
    void resetGoesBackToAccepting() throws Exception {
        receiver.respondWith(Behavior.status(500));
        receiver.respondOnce(Behavior.status(429));

        receiver.reset();

        assertThat(Post.gzip(receiver, spans).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedEnvelopesDoNotUseUpAOneShotBehaviour() throws Exception {
        receiver.respondOnce(Behavior.status(429));

        assertThat(Post.gzip(receiver, envelope().raw("garbage\n").bytes()).statusCode()).isEqualTo(400);
        assertThat(Post.gzip(receiver, spans).statusCode()).isEqualTo(429);
    }

    @Test
    void upAfterCloseIsAnError() {
        receiver.close();

        assertThatThrownBy(receiver::up).isInstanceOf(IllegalStateException.class);
    }
}
