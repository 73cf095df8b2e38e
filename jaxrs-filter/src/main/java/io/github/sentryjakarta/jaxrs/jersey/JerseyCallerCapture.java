package io.github.sentryjakarta.jaxrs.jersey;

import io.github.sentryjakarta.jaxrs.spi.InstrumentationFailures;
import io.github.sentryjakarta.jaxrs.spi.CallerContext;
import io.github.sentryjakarta.integration.Instrumentation;
import io.github.sentryjakarta.integration.CapturedContext;
import org.glassfish.jersey.client.spi.InvocationBuilderListener;

/**
 * Captures the caller's trace context when a Jersey client request is being built ({@code target.request()},
 * on the caller's thread, also for MicroProfile REST Client proxies on Jersey), so that an async call's client
 * span joins the caller's trace although Jersey filters it on its executor.
 *
 * <p>Registered by {@link JerseyAutoDiscoverable}. Not API: public only so that Jersey can instantiate it.
 */
public final class JerseyCallerCapture implements InvocationBuilderListener {

    /** Created by Jersey. */
    public JerseyCallerCapture() {
    }

    @Override
    public void onNewBuilder(InvocationBuilderContext context) {
        try {
            if (Instrumentation.installed().isActive()) {
                context.property(CallerContext.PROPERTY, new CallerContext(Instrumentation.installed().captureContext(), Thread.currentThread()));
            }
        } catch (RuntimeException e) {
            InstrumentationFailures.log("capture a client call's trace context", e);
        }
    }
}
