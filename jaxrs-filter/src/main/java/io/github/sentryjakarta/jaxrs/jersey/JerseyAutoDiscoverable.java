package io.github.sentryjakarta.jaxrs.jersey;

import io.github.sentryjakarta.jaxrs.spi.InstrumentationFailures;
import io.github.sentryjakarta.jaxrs.SentryServerFilter;
import io.github.sentryjakarta.jaxrs.SentryRouteFilter;
import io.github.sentryjakarta.jaxrs.SentryRouteFeature;
import io.github.sentryjakarta.jaxrs.SentryClientFilter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.FeatureContext;
import org.glassfish.jersey.internal.spi.AutoDiscoverable;

/**
 * Registers the library with every Jersey server and client: listed in
 * {@code META-INF/services/org.glassfish.jersey.internal.spi.AutoDiscoverable}, which Jersey reads and
 * other runtimes ignore. Jersey ignores {@code META-INF/services/jakarta.ws.rs.ext.Providers} and only finds
 * {@code @Provider} classes when it scans (servlet deployments, not embedded servers or clients).
 *
 * <p>Not API: public only so that Jersey can instantiate it.
 */
@Priority(AutoDiscoverable.DEFAULT_PRIORITY)
public final class JerseyAutoDiscoverable implements AutoDiscoverable {

    /** Created by Jersey. */
    public JerseyAutoDiscoverable() {
    }

    @Override
    public void configure(FeatureContext context) {
        try {
            if (context.getConfiguration().getRuntimeType() == RuntimeType.SERVER) {
                register(context, SentryServerFilter.class);
                register(context, SentryRouteFilter.class);
                register(context, SentryRouteFeature.class);
                register(context, JerseyRequestEvents.class);
            } else {
                register(context, SentryClientFilter.class);
                register(context, JerseyClientFailures.class);
                register(context, JerseyCallerCapture.class);
            }
        } catch (RuntimeException e) {
            InstrumentationFailures.log("register with Jersey", e);
        }
    }

    private static void register(FeatureContext context, Class<?> provider) {
        Configuration configuration = context.getConfiguration();
        if (!configuration.isRegistered(provider)) { // scanning may have found the @Provider already
            context.register(provider);
        }
    }
}
