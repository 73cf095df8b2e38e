/**
 * sentry-jakarta's JAX-RS integration: server and client spans and route templates in the portable filters
 * ({@code io.github.sentryjakarta.jaxrs}, the only exported package), and the runtime adapters ({@code .jersey},
 * {@code .resteasy}, {@code .servlet}, {@code .quarkus}) that are used only where their runtime is present. The
 * adapters depend on the portable package and on {@code .spi} (what both share), never the other way round.
 */
module io.github.sentryjakarta.jaxrs {
    requires transitive io.github.sentryjakarta.core;
    requires io.github.sentryjakarta.cdi;
    requires jakarta.ws.rs;
    requires jakarta.cdi;
    requires jakarta.annotation;
    requires static jakarta.servlet;
    // Jersey's and RESTEasy's jars declare no module names: these are the names Java derives from them
    requires static jersey.server;
    requires static jersey.client;
    requires static jersey.common;
    requires static resteasy.core.spi;
    requires static microprofile.config.api;

    exports io.github.sentryjakarta.jaxrs;
    // JAX-RS and CDI runtimes create the filters, the adapters and the observer reflectively
    opens io.github.sentryjakarta.jaxrs;
    opens io.github.sentryjakarta.jaxrs.jersey;
    opens io.github.sentryjakarta.jaxrs.resteasy;
    opens io.github.sentryjakarta.jaxrs.servlet;

    // META-INF/services/jakarta.ws.rs.ext.Providers lists the filters for RESTEasy's class-path scan; it is a
    // convention of RESTEasy's, not a service of that type, so it has no "provides" here.
    provides io.github.sentryjakarta.integration.OptionTable with io.github.sentryjakarta.jaxrs.JaxrsOptions;
    provides org.glassfish.jersey.internal.spi.AutoDiscoverable
            with io.github.sentryjakarta.jaxrs.jersey.JerseyAutoDiscoverable;
    uses io.github.sentryjakarta.jaxrs.spi.RequestHook;
    provides io.github.sentryjakarta.jaxrs.spi.RequestHook
            with io.github.sentryjakarta.jaxrs.quarkus.QuarkusRequestCompletion;
}
