package io.github.sentryjakarta.testreceiver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;

/** Sends envelopes to a receiver the way the SPEC's transport does, with java.net.http. */
final class Post {

    static final String AUTH = "Sentry sentry_key=publickey, sentry_version=7, sentry_client=sentry.java.jakarta/test";

    // A fresh client per request: a pooled connection the receiver dropped would blur what is tested.
    private static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    private Post() {
    }

    static URI endpoint(SentryReceiver receiver) {
        return URI.create("http://127.0.0.1:" + receiver.port() + "/api/42/envelope/");
    }

    static HttpRequest.Builder request(URI uri, byte[] body) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-sentry-envelope")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    static HttpRequest gzipped(SentryReceiver receiver, byte[] envelope) {
        return request(endpoint(receiver), gzip(envelope))
                .header("Content-Encoding", "gzip")
                .header("X-Sentry-Auth", AUTH)
                .build();
    }

    static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * POSTs {@code body} as an envelope with only the given headers besides its content type.
     *
     * @param headers header names and values, alternating
     * @return the response's status code
     */
    static int status(URI uri, byte[] body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(uri, body);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build()).statusCode();
    }

    static HttpResponse<String> gzip(SentryReceiver receiver, byte[] envelope) throws IOException, InterruptedException {
        return send(gzipped(receiver, envelope));
    }

    static CompletableFuture<HttpResponse<String>> gzipAsync(SentryReceiver receiver, byte[] envelope) {
        return client().sendAsync(gzipped(receiver, envelope), HttpResponse.BodyHandlers.ofString());
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
