package io.github.sentryjakarta.jaxrs;

import io.github.sentryjakarta.jaxrs.app.TestApplication;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.resteasy.cdi.CdiInjectorFactory;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;

/**
 * RESTEasy in Undertow's servlet container with Weld SE through resteasy-cdi: the resources are CDI beans.
 * Nothing registers the library's JAX-RS filters: RESTEasy reads {@code META-INF/services}. Weld SE knows no
 * servlet context, so the test announces it to CDI as the servers' CDI integration does, and the library
 * installs its servlet filter in reaction.
 */
class ResteasyServerTest extends ServerContract {

    private static final AtomicInteger SERVERS = new AtomicInteger();

    @Override
    boolean clientEndsFailedCalls() {
        return false; // RESTEasy's client has no hook for calls that fail without a response
    }

    /** RESTEasy carries the context through its contextual executor. */
    @Override
    boolean capturesFirstRequestOfANewClient() {
        return true;
    }

    @Override
    boolean knowsPeerAddress() {
        return true;
    }

    @Override
    TestServer startServer() throws Exception {
        int n = SERVERS.incrementAndGet();
        DeploymentInfo deployment = Servlets.deployment()
                .setClassLoader(ResteasyServerTest.class.getClassLoader())
                .setContextPath("/r")
                .setDeploymentName("resteasy-" + n)
                .addInitParameter("resteasy.injector.factory", CdiInjectorFactory.class.getName())
                // RESTEasy 6 maps every unmapped exception by default; off, exceptions reach the container,
                // as the JAX-RS specification says and as WildFly does with this setting.
                .addInitParameter("dev.resteasy.exception.mapper", "false")
                .addServlet(Servlets.servlet("resteasy", HttpServlet30Dispatcher.class)
                        .addInitParam("jakarta.ws.rs.Application", TestApplication.class.getName())
                        .addInitParam("resteasy.servlet.mapping.prefix", "/api")
                        .setAsyncSupported(true)
                        .setLoadOnStartup(1)
                        .addMapping("/api/*"));
        announceServletContextToCdi(deployment);
        DeploymentManager manager = Servlets.newContainer().addDeployment(deployment);
        manager.deploy();
        PathHandler root = Handlers.path()
                .addPrefixPath("/r", manager.start())
                .addExactPath("/probe", new BlockingHandler(exchange -> exchange.getResponseSender().send(Probe.describe())));
        Undertow undertow = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setIoThreads(1)
                .setWorkerThreads(1)
                .setHandler(root)
                .build();
        undertow.start();
        int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
        String origin = "http://127.0.0.1:" + port;
        return new TestServer(origin, "/r/api", () -> {
            undertow.stop();
            try {
                manager.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            manager.undeploy();
        });
    }

    /**
     * Announces the web application's start to CDI with its servlet context, as the CDI integration of
     * WildFly, Liberty and Payara does: the library installs its servlet filter in reaction.
     */
    private void announceServletContextToCdi(DeploymentInfo deployment) {
        ServletContextListener announcer = new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                weld.getBeanManager().getEvent().select(Initialized.Literal.of(ApplicationScoped.class))
                        .fire(event.getServletContext());
            }
        };
        deployment.addListener(Servlets.listener(ServletContextListener.class, new ImmediateInstanceFactory<>(announcer)));
    }
}
