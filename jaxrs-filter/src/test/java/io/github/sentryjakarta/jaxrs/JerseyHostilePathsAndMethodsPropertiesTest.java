package io.github.sentryjakarta.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.internal.span.SpanData;
import io.github.sentryjakarta.testing.InMemorySpanProcessor;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.net.URI;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * Request paths and methods a client controls, at the shapes that break naming and parsing: control characters
 * (percent-encoded, so CR LF after decoding), 8-64 KB paths, non-ASCII, dot segments, invented and lower-case
 * methods of any length. Through Jersey's real request pipeline (in memory: no HTTP server would pass most of them
 * to JAX-RS) with the library's filter: the application answers every request, no span name or attribute grows
 * past the span bounds, the method attribute is a known method or {@code _OTHER}, and names carry no control
 * characters.
 */
class JerseyHostilePathsAndMethodsPropertiesTest {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH", "_OTHER");
    private static final int MAX_STRING = 8192;
    private static final URI BASE = URI.create("http://127.0.0.1:8080/j/");

    private static final InMemorySpanProcessor ENDED = new InMemorySpanProcessor();
    private static SentryRuntime runtime;
    private static ApplicationHandler jersey;

    /** The application: one templated resource. */
    @Path("orders/{id}")
    public static final class Orders {
        @GET
        public String get(@PathParam("id") String id) {
            return "order " + id.length();
        }
    }

    @BeforeContainer
    static void start() {
        SentryOptions options = SentryOptions.builder().dsn("http://publickey@127.0.0.1:9/42").tracesSampleRate(1.0).build();
        runtime = ENDED.runtime(options);
        SentryRuntime.install(runtime);
        jersey = new ApplicationHandler(new ResourceConfig(Orders.class).register(SentryServerFilter.class));
    }

    @AfterContainer
    static void stop() {
        SentryRuntime.uninstall(runtime);
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> control = Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(6)
                .map(JerseyHostilePathsAndMethodsPropertiesTest::percentEncoded);
        return Arbitraries.oneOf(
                control.map(c -> "orders/" + c),
                control.map(c -> "orders/a" + c + "b/extra"),
                Arbitraries.integers().between(8, 64).map(kb -> "orders/" + "x".repeat(kb * 1024)),
                Arbitraries.integers().between(8, 64).map(kb -> "deep/" + "a/".repeat(kb * 512)),
                Arbitraries.strings().withCharRange('\u0080', '\uffff').ofMinLength(1).ofMaxLength(2000)
                        .map(s -> "orders/" + percentEncoded(s)),
                Arbitraries.just("orders/..%2F..%2Fetc%2Fpasswd"),
                Arbitraries.just("orders/%00"),
                Arbitraries.just("orders/%E2%80%AE%0D%0AX-Injected:%20yes"),
                Arbitraries.just(""));
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.oneOf(
                Arbitraries.of("GET", "HEAD", "OPTIONS", "PATCH", "get", "Get", "PROPFIND", "BREW", "M-SEARCH"),
                Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(20),
                Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(9000).ofMaxLength(20000),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMinLength(1).ofMaxLength(40));
    }

    @Property(tries = 300)
    void hostilePathsAndMethodsAreAnsweredAndMakeBoundedSpans(@ForAll("paths") String path, @ForAll("methods") String method)
            throws Exception {
        ENDED.spans().clear();
        ContainerRequest request = new ContainerRequest(BASE, URI.create(BASE + path), method, null,
                new MapPropertiesDelegate(), jersey.getConfiguration());

        ContainerResponse response = jersey.apply(request).get();

        assertThat(response.getStatus()).as("answered by the application").isBetween(200, 599);
        assertThat(ENDED.spans()).as("one server span").hasSize(1);
        SpanData span = ENDED.spans().get(0);
        assertThat(span.name()).hasSizeLessThanOrEqualTo(MAX_STRING).doesNotContainPattern("[\\x00-\\x1f\\x7f]");
        assertThat((String) span.attributes().get("http.request.method")).isIn(METHODS);
        for (int i = 0; i < span.attributes().size(); i++) {
            if (span.attributes().value(i) instanceof String value) {
                assertThat(value).as(span.attributes().key(i)).hasSizeLessThanOrEqualTo(MAX_STRING);
            }
        }
        assertThat(span.attributes().size()).isLessThanOrEqualTo(128);
    }

    /** Percent-encodes every character's UTF-8 bytes, as a client must to put it in a request line. */
    private static String percentEncoded(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            out.append('%').append(String.format("%02X", b & 0xff));
        }
        return out.toString();
    }
}
