package io.github.sentryjakarta.jaxrs.servlet;

import io.github.sentryjakarta.jaxrs.spi.InstrumentationFailures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.lang.System.Logger.Level;

/**
 * Installs {@link SentryServletFilter} in servlet containers (WildFly, Open Liberty, Payara): CDI announces a
 * web application's start with its {@code ServletContext} as the payload, while filters may still be added.
 *
 * <p>Why not a {@code web-fragment.xml} or a {@code ServletContainerInitializer}: where the servlet API is not
 * visible to applications (Open Liberty with {@code restfulWS} but without the {@code servlet} feature) a
 * declared filter that cannot load fails every request, and an initializer that cannot load fails the
 * deployment. Here the servlet types are only touched once a servlet context has been seen, and a container
 * that refuses the filter costs the library its servlet-side clean-up, never the application its requests.
 */
@Dependent
class ServletContextObserver {

    private static final System.Logger LOG = System.getLogger("io.github.sentryjakarta.jaxrs");

    void applicationStarted(@Observes @Initialized(ApplicationScoped.class) Object payload) {
        try {
            if (isServletContext(payload)) {
                ServletFilterInstaller.install(payload);
            }
        } catch (UnsupportedOperationException | IllegalStateException e) {
            // Open Liberty refuses filters from its CDI listener (SRVE8011E). Nothing breaks: spans still end in
            // the response filters, and the runtime's default exception mapper answers unmapped exceptions.
            LOG.log(Level.INFO, "sentry-jakarta: the servlet container does not let CDI add the servlet filter; "
                    + "JAX-RS spans are complete without it, client.address is not recorded");
            LOG.log(Level.DEBUG, "the container's refusal", e);
        } catch (RuntimeException | LinkageError e) {
            InstrumentationFailures.log("install the servlet filter", e);
        }
    }

    private static boolean isServletContext(Object payload) {
        try {
            return Class.forName("jakarta.servlet.ServletContext", false, ServletContextObserver.class.getClassLoader())
                    .isInstance(payload);
        } catch (ClassNotFoundException | LinkageError e) {
            return false; // no servlet API here: nothing to install
        }
    }
}
