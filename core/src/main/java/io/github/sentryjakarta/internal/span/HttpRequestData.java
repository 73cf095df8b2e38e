package io.github.sentryjakarta.internal.span;

/**
 * The HTTP request an {@code http.server} span served, read back from the attributes the server filter
 * records ({@code http.request.method}, {@code url.scheme}, {@code server.address}, {@code server.port},
 * {@code url.path}, {@code url.query} (set only with {@code send-default-pii}),
 * {@code http.response.status_code}), in the shape of an event's {@code request} and
 * {@code contexts.response}.
 *
 * @param method the request method
 * @param url the URL without its query string
 * @param query the raw query string, or {@code null} (absent, or personal data not sent)
 * @param statusCode the response status, or 0 if none is known
 */
public record HttpRequestData(String method, String url, String query, long statusCode) {

    /** @return the request of a span with {@code http.request.method}, or {@code null} for any other span */
    public static HttpRequestData of(Attributes attributes) {
        if (attributes == null || !(attributes.get("http.request.method") instanceof String method)) {
            return null;
        }
        String path = attributes.get("url.path") instanceof String p ? p : "/";
        String url = path;
        if (attributes.get("url.scheme") instanceof String scheme
                && attributes.get("server.address") instanceof String host) {
            Object port = attributes.get("server.port");
            boolean defaultPort = port == null || port.equals(80L) && scheme.equals("http")
                    || port.equals(443L) && scheme.equals("https");
            url = scheme + "://" + host + (defaultPort ? "" : ":" + port) + path;
        }
        String query = attributes.get("url.query") instanceof String q && !q.isEmpty() ? q : null;
        long status = attributes.get("http.response.status_code") instanceof Long code ? code : 0;
        return new HttpRequestData(method, url, query, status);
    }
}
