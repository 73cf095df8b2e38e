package io.github.sentryjakarta.testing;

import io.github.sentryjakarta.testreceiver.Envelope;
import io.github.sentryjakarta.testreceiver.EnvelopeTally;
import io.github.sentryjakarta.testreceiver.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A Sentry as sentry.io is reached: HTTPS on 127.0.0.1 offering HTTP/2 and HTTP/1.1 through ALPN, answering each
 * envelope at once or after a round trip, without holding a thread meanwhile (Jetty: the JDK's own server holds
 * one per request, and has no HTTP/2). It parses every envelope with the test receiver's parser (or, made by
 * {@link #counting}, only counts it) and records the spans, the HTTP versions and the connections they came
 * over, and the requests it refused (no or a wrong public key, or an envelope Sentry would reject).
 */
public final class HttpsEndpoint implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector;
    private final AtomicLong spans = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Set<String> versions = ConcurrentHashMap.newKeySet();
    private final Set<String> connections = ConcurrentHashMap.newKeySet();

    /** Whether envelopes are parsed as Sentry parses them, or only counted ({@link #counting}). */
    private final boolean parse;
    private final EnvelopeTally tally = new EnvelopeTally();

    /**
     * Starts listening on a free port of 127.0.0.1; parses every envelope.
     *
     * @param keys its certificate and key
     * @param roundTrip how long after reading a request it answers
     */
    public HttpsEndpoint(SelfSignedKeyStore keys, Duration roundTrip) throws Exception {
        this(keys, roundTrip, true);
    }

    /**
     * An endpoint for load, answering at once: it counts envelopes without parsing them ({@link EnvelopeTally},
     * client reports kept), so that it takes little of the CPU the client under test shares with it.
     *
     * @param keys its certificate and key
     * @return the endpoint, listening
     */
    public static HttpsEndpoint counting(SelfSignedKeyStore keys) throws Exception {
        return new HttpsEndpoint(keys, Duration.ZERO, false);
    }

    private HttpsEndpoint(SelfSignedKeyStore keys, Duration roundTrip, boolean parse) throws Exception {
        this.parse = parse;
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keys.path().toString());
        tls.setKeyStorePassword(SelfSignedKeyStore.PASSWORD);
        tls.setKeyStoreType("PKCS12");
        HttpConfiguration http = new HttpConfiguration();
        HttpConnectionFactory http1 = new HttpConnectionFactory(http);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(http1.getProtocol());
        HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(http);
        connector = new ServerConnector(server, new SslConnectionFactory(tls, alpn.getProtocol()), alpn, http2, http1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                int status = receive(request);
                Runnable answer = () -> {
                    response.setStatus(status);
                    Content.Sink.write(response, true, "{}", callback);
                };
                if (roundTrip.isZero()) {
                    answer.run();
                } else {
                    server.getScheduler().schedule(answer, roundTrip.toNanos(), TimeUnit.NANOSECONDS);
                }
                return true;
            }
        });
        server.start();
    }

    private int receive(Request request) throws Exception {
        versions.add(request.getConnectionMetaData().getHttpVersion().asString());
        connections.add(String.valueOf(request.getConnectionMetaData().getRemoteSocketAddress()));
        String auth = request.getHeaders().get("X-Sentry-Auth");
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readAllBytes();
        }
        if ("gzip".equalsIgnoreCase(request.getHeaders().get("Content-Encoding"))) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = in.readAllBytes();
            }
        }
        if (auth == null || !auth.contains("sentry_key=publickey")) {
            refused.incrementAndGet();
            return 401;
        }
        if (!parse) {
            spans.addAndGet(tally.add(body));
            return 200;
        }
        try {
            for (Item item : Envelope.parse(body).items()) {
                if (item.type().equals("span")) {
                    spans.addAndGet(item.header().getInt("item_count"));
                }
            }
            return 200;
        } catch (RuntimeException malformed) {
            refused.incrementAndGet();
            return 400;
        }
    }

    /** @return a DSN for project 42 with public key {@code publickey} pointing here */
    public String dsn() {
        return "https://publickey@127.0.0.1:" + connector.getLocalPort() + "/42";
    }

    /** @return the spans received in span items */
    public long spans() {
        return spans.get();
    }

    /** @return for an endpoint made by {@link #counting}: the client-report items received since the last call */
    public List<Item> takeClientReports() {
        return tally.takeClientReports();
    }

    /** @return the requests refused: no or a wrong public key, or an envelope Sentry would reject */
    public long refused() {
        return refused.get();
    }

    /** @return the HTTP versions requests came with, e.g. {@code HTTP/1.1} */
    public Set<String> versions() {
        return versions;
    }

    /** @return how many connections requests came over */
    public int connections() {
        return connections.size();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
