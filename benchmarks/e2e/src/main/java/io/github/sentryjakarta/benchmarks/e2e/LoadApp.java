package io.github.sentryjakarta.benchmarks.e2e;

import io.github.sentryjakarta.benchmarks.e2e.app.LoadApplication;
import io.github.sentryjakarta.benchmarks.e2e.app.OrderResource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * The application JVM: Weld SE + Jersey on Grizzly serving {@code GET /orders/{id}} on 127.0.0.1. With the
 * library on the class path it instruments itself (configured by {@code -Dsentry.*}); without it this is the
 * uninstrumented baseline. Talks to the {@link LoadBenchmark} driver over stdin/stdout, one line each:
 * prints {@code READY <port>}; answers {@code stats} with {@code STATS <served> <cpu ns per group...>};
 * on {@code stop} shuts down (the library flushes) and prints {@code STOPPED <served>}.
 */
public final class LoadApp {

    // Kept referenced: java.util.logging holds loggers weakly.
    private static final Logger[] QUIET = {Logger.getLogger("org.jboss.weld"), Logger.getLogger("org.glassfish")};

    private LoadApp() {
    }

    /** @param args ignored */
    public static void main(String[] args) throws Exception {
        for (Logger logger : QUIET) {
            logger.setLevel(Level.WARNING);
        }
        WeldContainer weld = new Weld("sentry-jakarta-e2e").initialize();
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"),
                ResourceConfig.forApplicationClass(LoadApplication.class), false);
        server.start();
        int port = server.getListeners().iterator().next().getPort();
        System.out.println("READY " + port);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Map<Long, long[]> start = ThreadCpu.snapshot();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("stats")) {
                System.out.println("STATS " + ThreadCpu.report(OrderResource.SERVED.sum(), start));
                System.out.flush();
            } else if (line.equals("stop")) {
                break;
            }
        }
        server.shutdown(5, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        weld.shutdown(); // the library's extension flushes what is buffered
        System.out.println("STOPPED " + OrderResource.SERVED.sum());
        System.out.flush();
        System.exit(0);
    }
}
