package io.github.sentryjakarta.jaxrs;

import io.github.sentryjakarta.jaxrs.app.TestApplication;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URL;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jboss.resteasy.cdi.CdiInjectorFactory;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * RESTEasy in Undertow's servlet container with Weld SE through resteasy-cdi: the resources are CDI beans.
 * Nothing registers the library's JAX-RS filters: RESTEasy reads {@code META-INF/services}. Embedded Undertow
 * does not read web fragments, so the test does what WildFly, Liberty and Payara do with the library's
 * {@code META-INF/web-fragment.xml}: it installs the filters declared there.
 */
class ResteasyServerTest extends ServerContract {

    private static final AtomicInteger SERVERS = new AtomicInteger();
    private WeldContainer weld;

    @Override
    void startContainer() {
        weld = new Weld("resteasy-test").initialize();
    }

    @Override
    void stopContainer() {
        if (weld != null) {
            weld.shutdown();
        }
    }

    @Override
    boolean clientEndsFailedCalls() {
        return false; // RESTEasy's client has no hook for calls that fail without a response
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
        installWebFragmentFilters(deployment);
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
        return new TestServer() {
            @Override
            public String origin() {
                return origin;
            }

            @Override
            public String base() {
                return "/r/api";
            }

            @Override
            public String probeUrl() {
                return origin + "/probe";
            }

            @Override
            public void close() {
                undertow.stop();
                try {
                    manager.stop();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                manager.undeploy();
            }
        };
    }

    /** Installs the filters that the library's web fragment declares, as a servlet container would. */
    @SuppressWarnings("unchecked")
    private static void installWebFragmentFilters(DeploymentInfo deployment) throws Exception {
        int installed = 0;
        for (URL url : Collections.list(ResteasyServerTest.class.getClassLoader().getResources("META-INF/web-fragment.xml"))) {
            Document fragment;
            try (InputStream in = url.openStream()) {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setNamespaceAware(true);
                fragment = factory.newDocumentBuilder().parse(in);
            }
            NodeList filters = fragment.getElementsByTagNameNS("*", "filter");
            for (int i = 0; i < filters.getLength(); i++) {
                Element filter = (Element) filters.item(i);
                String name = text(filter, "filter-name");
                String className = text(filter, "filter-class");
                if (!className.startsWith("io.github.sentryjakarta.")) {
                    continue; // resteasy-cdi's own fragment
                }
                deployment.addFilter(Servlets.filter(name, (Class<? extends Filter>) Class.forName(className))
                        .setAsyncSupported(Boolean.parseBoolean(text(filter, "async-supported"))));
                NodeList mappings = fragment.getElementsByTagNameNS("*", "filter-mapping");
                for (int j = 0; j < mappings.getLength(); j++) {
                    Element mapping = (Element) mappings.item(j);
                    if (name.equals(text(mapping, "filter-name"))) {
                        NodeList dispatchers = mapping.getElementsByTagNameNS("*", "dispatcher");
                        for (int k = 0; k < dispatchers.getLength(); k++) {
                            deployment.addFilterUrlMapping(name, text(mapping, "url-pattern"),
                                    DispatcherType.valueOf(dispatchers.item(k).getTextContent().trim()));
                        }
                    }
                }
                installed++;
            }
        }
        if (installed == 0) {
            throw new IllegalStateException("the library's META-INF/web-fragment.xml declares no filter");
        }
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagNameNS("*", tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }
}
