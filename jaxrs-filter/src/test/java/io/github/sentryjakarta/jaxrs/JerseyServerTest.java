package io.github.sentryjakarta.jaxrs;

import io.github.sentryjakarta.jaxrs.app.TestApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * Jersey on its Grizzly HTTP server (the JDK HTTP container cannot suspend requests), with Weld SE through jersey-cdi1x and jersey-weld2-se: the resources are
 * CDI beans (client proxies). Nothing registers the library: Jersey finds it through its AutoDiscoverable.
 */
class JerseyServerTest extends ServerContract {

    private static final AtomicInteger SERVERS = new AtomicInteger();

    @Override
    boolean clientEndsFailedCalls() {
        return true;
    }

    /** Jersey registers the capture listener while the first request is built (pinned limit). */
    @Override
    boolean capturesFirstRequestOfANewClient() {
        return false;
    }

    @Override
    boolean knowsPeerAddress() {
        return false; // Jersey's Grizzly container does not expose it to JAX-RS
    }

    @Override
    TestServer startServer() {
        return grizzly();
    }

    /** Jersey on Grizzly at {@code /j}, with one worker thread and the probe at {@code /probe}. */
    static TestServer grizzly() {
        int n = SERVERS.incrementAndGet();
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/j/"),
                ResourceConfig.forApplicationClass(TestApplication.class), false);
        NetworkListener listener = server.getListeners().iterator().next();
        // One worker thread: the next request runs on the thread the previous one used.
        listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                .setPoolName("jersey-worker-" + n).setCorePoolSize(1).setMaxPoolSize(1));
        // Grizzly refuses header blocks over 8 KiB with a 400 before Jersey sees them; the hostile-header
        // cases need 10 KiB values to reach the filter.
        listener.setMaxHttpHeaderSize(64 * 1024);
        server.getServerConfiguration().addHttpHandler(new HttpHandler() {
            @Override
            public void service(Request request, Response response) throws Exception {
                response.getWriter().write(Probe.describe());
            }
        }, "/probe");
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String origin = "http://127.0.0.1:" + listener.getPort();
        return new TestServer(origin, "/j", () -> server.shutdownNow());
    }
}
