package io.github.sentryjakarta.it.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Requests to the application under test over real HTTP/1.1 ({@code java.net.http}), each with a deadline. */
public final class Http {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Duration requestTimeout;

    /** @param requestTimeout how long one request may take */
    public Http(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    /** {@code GET base + path} with {@code headers}. */
    public HttpResponse<String> get(URI base, String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
        headers.forEach(request::header);
        return send(request);
    }

    /** Sends {@code request} with this client's request timeout; the body as a string. */
    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(requestTimeout).build(), HttpResponse.BodyHandlers.ofString());
    }
}
