package io.github.sentryjakarta.example;

import io.github.sentryjakarta.example.app.DemoApplication;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * The demo's flow, without printing the trees or exiting (so a test can run it): boots Weld SE (the library's
 * CDI extension reads MicroProfile Config and starts), serves the application with Jersey on Grizzly, sends
 * a few requests, shuts everything down (the extension flushes) and returns what Sentry received.
 */
public final class Demo {

    /** The requests the demo sends, and why. */
    public static final List<String> PATHS = List.of(
            "/orders/1",            // 200: request span > OrderService.find > SELECT orders [db]
            "/orders/2/price",      // 200: ... > price order > client call > pricing service's request span
            "/orders/99",           // 404: the request span ends with error
            "/orders/13");          // 500: the db query throws; every span on the way up records the error

    private static final AtomicInteger RUNS = new AtomicInteger();

    private Demo() {
    }

    /** One request and its status code. */
    public record Request(String path, int status) {
    }

    /**
     * @param lifecycle the configured {@code sentry.trace-lifecycle}
     * @param sentry    where the spans went: the stand-in's DSN or the real Sentry host
     * @param local     whether the local stand-in received them
     * @param appUrl    where the application listened
     * @param requests  the requests sent
     * @param received  what the stand-in received (empty when sending to a real Sentry)
     */
    public record Result(String lifecycle, String sentry, boolean local, String appUrl, List<Request> requests,
            ReceivedTraces received) {
    }

    /**
     * Runs the demo. Without a DSN (the {@code sentry.dsn} system property or the {@code SENTRY_DSN}
     * environment variable) a {@link SentryReceiver} stands in for Sentry and {@code sentry.dsn} points at it
     * while the demo runs.
     *
     * @param dsn the DSN given by the user, or null for the local stand-in
     * @param log where to print progress
     * @return what happened
     */
    public static Result run(String dsn, PrintStream log) throws Exception {
        SentryReceiver receiver = dsn == null ? SentryReceiver.start() : null;
        String previous = System.getProperty("sentry.dsn");
        try {
            if (receiver != null) {
                // Before the container boots: the library reads its configuration at deployment.
                System.setProperty("sentry.dsn", receiver.dsn());
            }
            releaseConfig(); // a Config built earlier in this JVM would not see the property
            String lifecycle = ConfigProvider.getConfig().getOptionalValue("sentry.trace-lifecycle", String.class)
                    .orElse("stream");
            String sentry = receiver != null ? receiver.dsn() : where(dsn);
            log.printf("sentry-jakarta demo, sentry.trace-lifecycle=%s%n", lifecycle);
            log.println(receiver != null
                    ? "Sentry: a local stand-in at " + sentry + " (set SENTRY_DSN to send to yours)"
                    : "Sentry: " + sentry);

            List<Request> requests = new ArrayList<>();
            String appUrl;
            WeldContainer weld = new Weld("sentry-jakarta-demo-" + RUNS.incrementAndGet()).initialize();
            try {
                // Addressed as "localhost": the library never sends trace headers to the DSN's host, and the
                // local stand-in for Sentry is 127.0.0.1, so calls to http://127.0.0.1/... would not propagate.
                HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://localhost:0/"),
                        ResourceConfig.forApplicationClass(DemoApplication.class), false);
                try {
                    server.start();
                    appUrl = "http://localhost:" + server.getListeners().iterator().next().getPort();
                    log.println("application on " + appUrl + " (Jersey + Weld SE + SmallRye Config)");
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(5)).build();
                    for (String path : PATHS) {
                        int status = get(http, appUrl + path);
                        requests.add(new Request(path, status));
                        log.printf("  GET %-18s -> %d%n", path, status);
                    }
                } finally {
                    stop(server);
                }
            } finally {
                weld.shutdown(); // the library's extension flushes what is buffered
            }
            log.println("shut down (sentry-jakarta flushes on shutdown)");
            ReceivedTraces received = receiver == null
                    ? ReceivedTraces.none()
                    : ReceivedTraces.from(receiver);
            return new Result(lifecycle, sentry, receiver != null, appUrl, List.copyOf(requests), received);
        } finally {
            if (receiver != null) {
                receiver.close();
                if (previous == null) {
                    System.clearProperty("sentry.dsn");
                } else {
                    System.setProperty("sentry.dsn", previous);
                }
            }
            releaseConfig();
        }
    }

    private static int get(HttpClient http, String url) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url + " failed", e);
        }
    }

    /** Lets requests in flight finish (their spans end), then stops listening. */
    private static void stop(HttpServer server) throws InterruptedException {
        try {
            server.shutdown(5, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            server.shutdownNow();
        }
    }

    private static void releaseConfig() {
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        resolver.releaseConfig(resolver.getConfig());
    }

    /** The DSN without its key: {@code https://o1.ingest.sentry.io, project 123}. */
    static String where(String dsn) {
        try {
            URI uri = URI.create(dsn.trim());
            String path = uri.getPath() == null ? "" : uri.getPath();
            String project = path.substring(path.lastIndexOf('/') + 1);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    + ", project " + project;
        } catch (RuntimeException e) {
            return "the configured DSN";
        }
    }
}
