package io.github.sentryjakarta.testreceiver;

import static io.github.sentryjakarta.testreceiver.EnvelopeBuilder.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SentryReceiverTest {

    private static final byte[] ONE_SPAN = envelope().spanItem("a939e9311a1a31c8").bytes();

    private final SentryReceiver receiver = SentryReceiver.start();

    @AfterEach
    void close() {
        receiver.close();
    }

    @Test
    void describesItselfWithADsnAndASpotlightUrlOnItsPort() {
        assertThat(receiver.dsn()).isEqualTo("http://publickey@127.0.0.1:" + receiver.port() + "/42");
        assertThat(receiver.spotlightUrl()).isEqualTo("http://127.0.0.1:" + receiver.port() + "/stream");
    }

    @Test
    void acceptsAWellFormedGzipEnvelopeWithLengthPrefixedAndNewlineTerminatedItems() throws Exception {
        byte[] bytes = envelope()
                .spanItem("a939e9311a1a31c8", "a707f42eec04b92a")
                .item("{\"type\":\"transaction\"}", "{\"type\":\"transaction\",\"transaction\":\"GET /orders/{id}\"}")
                .itemUntilNewline("{\"type\":\"client_report\"}", EnvelopeBuilder.clientReport("queue_overflow", "span", 3))
                .bytes();

        HttpResponse<String> response = Post.gzip(receiver, bytes);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");
        assertThat(receiver.rejections()).isEmpty();
        assertThat(receiver.envelopes()).singleElement().satisfies(envelope -> {
            assertThat(envelope.gzipped()).isTrue();
            assertThat(envelope.size()).isEqualTo(bytes.length);
            assertThat(envelope.bytes()).isEqualTo(bytes);
            assertThat(envelope.requestHeaders()).containsEntry("x-sentry-auth", Post.AUTH)
                    .containsEntry("content-type", "application/x-sentry-envelope")
                    .containsEntry("content-encoding", "gzip");
        });
        assertThat(receiver.spans()).extracting(span -> span.getString("span_id"))
                .containsExactly("a939e9311a1a31c8", "a707f42eec04b92a");
        assertThat(receiver.transactions()).extracting(t -> t.getString("transaction")).containsExactly("GET /orders/{id}");
        assertThat(receiver.discarded("queue_overflow", "span")).isEqualTo(3);
        assertThat(receiver.discarded("queue_overflow", "transaction")).isZero();
        assertThat(receiver.requestCount()).isEqualTo(1);
    }

    @Test
    void receivedSpansReadsBothLifecyclesInArrivalOrder() throws Exception {
        String transaction = "{\"type\":\"transaction\",\"transaction\":\"GET /cart\",\"start_timestamp\":1.0,"
                + "\"timestamp\":2.0,\"contexts\":{\"trace\":{\"trace_id\":\"f2e4fd89be8e41fc8ceb8d967c89085d\","
                + "\"span_id\":\"b0e6f15b45c36b12\",\"op\":\"http.server\",\"status\":\"ok\"}},\"spans\":["
                + "{\"trace_id\":\"f2e4fd89be8e41fc8ceb8d967c89085d\",\"span_id\":\"c1d2e3f4a5b6c7d8\","
                + "\"parent_span_id\":\"b0e6f15b45c36b12\",\"description\":\"load cart\",\"start_timestamp\":1.1,"
                + "\"timestamp\":1.9,\"status\":\"ok\"}]}";
        Post.gzip(receiver, ONE_SPAN);
        Post.gzip(receiver, envelope().item("{\"type\":\"transaction\"}", transaction).bytes());

        assertThat(receiver.rejections()).isEmpty();
        assertThat(receiver.receivedSpans()).extracting(ReceivedSpan::spanId)
                .containsExactly("a939e9311a1a31c8", "b0e6f15b45c36b12", "c1d2e3f4a5b6c7d8");
        assertThat(receiver.receivedSpans()).extracting(ReceivedSpan::segment).containsExactly(true, true, false);
    }

    @Test
    void rejectsAnItemLengthThatOverrunsTheBody() throws Exception {
        byte[] bytes = envelope().raw("{\"type\":\"transaction\",\"length\":9999}\n{}\n").bytes();

        HttpResponse<String> response = Post.gzip(receiver, bytes);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(receiver.rejections()).singleElement().asString().startsWith("400").contains("declares length 9999");
        assertThat(receiver.envelopes()).isEmpty();
        assertThat(receiver.refusedEnvelopes()).isEmpty();
    }

    @Test
    void rejectsAWrongPublicKey() throws Exception {
        int status = Post.status(Post.endpoint(receiver), ONE_SPAN,
                "X-Sentry-Auth", "Sentry sentry_key=someoneelse, sentry_version=7");

        assertThat(status).isEqualTo(401);
        assertThat(receiver.rejections()).singleElement().asString().contains("sentry_key=publickey");
        assertThat(receiver.envelopes()).isEmpty();
    }

    @Test
    void rejectsAMissingAuthHeader() throws Exception {
        int status = Post.status(Post.endpoint(receiver), ONE_SPAN);

        assertThat(status).isEqualTo(401);
        assertThat(receiver.rejections()).singleElement().asString().contains("missing X-Sentry-Auth");
    }

    @Test
    void rejectsAnOldProtocolVersion() throws Exception {
        int status = Post.status(Post.endpoint(receiver), ONE_SPAN,
                "X-Sentry-Auth", "Sentry sentry_key=publickey, sentry_version=6");

        assertThat(status).isEqualTo(401);
    }

    @Test
    void rejectsAnotherProjectWithNotFound() throws Exception {
        URI otherProject = URI.create("http://127.0.0.1:" + receiver.port() + "/api/7/envelope/");
        int status = Post.status(otherProject, ONE_SPAN, "X-Sentry-Auth", Post.AUTH);

        assertThat(status).isEqualTo(404);
        assertThat(receiver.rejections()).singleElement().asString().contains("unknown project 7");
    }

    @Test
    void rejectsAnUnknownPathWithNotFound() throws Exception {
        URI noTrailingSlash = URI.create("http://127.0.0.1:" + receiver.port() + "/api/42/store");
        int status = Post.status(noTrailingSlash, ONE_SPAN, "X-Sentry-Auth", Post.AUTH);

        assertThat(status).isEqualTo(404);
        assertThat(receiver.rejections()).hasSize(1);
    }

    @Test
    void rejectsABodyThatClaimsGzipButIsNot() throws Exception {
        int status = Post.status(Post.endpoint(receiver), ONE_SPAN,
                "X-Sentry-Auth", Post.AUTH, "Content-Encoding", "gzip");

        assertThat(status).isEqualTo(400);
        assertThat(receiver.rejections()).singleElement().asString().contains("not valid gzip");
    }

    @Test
    void recordsSpotlightEnvelopesSeparately() throws Exception {
        int status = Post.status(URI.create(receiver.spotlightUrl()), ONE_SPAN);

        assertThat(status).isEqualTo(200);
        assertThat(receiver.spotlightEnvelopes()).singleElement().satisfies(e -> assertThat(e.gzipped()).isFalse());
        assertThat(receiver.envelopes()).isEmpty();
        assertThat(receiver.spans()).isEmpty();
        assertThat(receiver.requestCount()).isZero();
    }

    @Test
    void rejectsACompressedSpotlightEnvelope() throws Exception {
        int status = Post.status(URI.create(receiver.spotlightUrl()), Post.gzip(ONE_SPAN), "Content-Encoding", "gzip");

        assertThat(status).isEqualTo(400);
        assertThat(receiver.rejections()).singleElement().asString().startsWith("spotlight:");
    }

    @Test
    void awaitSpansReturnsOnceTheSpansArrive() throws Exception {
        CompletableFuture<HttpResponse<String>> sent =
                Post.gzipAsync(receiver, envelope().spanItem("a939e9311a1a31c8", "a707f42eec04b92a").bytes());

        assertThat(receiver.awaitSpans(2, Duration.ofSeconds(10))).isTrue();
        assertThat(sent.get().statusCode()).isEqualTo(200);
    }

    @Test
    void awaitSpansTimesOutWithFalseWhenNothingComes() {
        long start = System.nanoTime();

        boolean arrived = receiver.awaitSpans(1, Duration.ofMillis(200));

        assertThat(arrived).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void awaitWakesUpForAnyRecordedRequest() throws Exception {
        CompletableFuture<HttpResponse<String>> sent =
                Post.gzipAsync(receiver, envelope().raw("{\"type\":\"transaction\",\"length\":9999}\n").bytes());

        assertThat(receiver.await(r -> !r.rejections().isEmpty(), Duration.ofSeconds(10))).isTrue();
        assertThat(sent.get().statusCode()).isEqualTo(400);
    }

    @Test
    void resetForgetsEverythingRecorded() throws Exception {
        Post.gzip(receiver, ONE_SPAN);
        Post.gzip(receiver, envelope().raw("not json\n").bytes());

        receiver.reset();

        assertThat(receiver.envelopes()).isEmpty();
        assertThat(receiver.rejections()).isEmpty();
        assertThat(receiver.requestCount()).isZero();
    }
}
