package io.github.sentryjakarta.jaxrs.spi;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reports failures of the JAX-RS instrumentation itself, from the filters and the runtime adapters alike: the
 * first at WARNING, later ones at DEBUG, and never rethrown, since tracing must not break a request.
 */
public final class InstrumentationFailures {

    private static final Logger LOG = System.getLogger("io.github.sentryjakarta.jaxrs");
    private static final AtomicBoolean LOGGED = new AtomicBoolean();

    private InstrumentationFailures() {
    }

    /**
     * @param what what the instrumentation tried, completing "failed to ..."
     * @param e the failure
     */
    public static void log(String what, Throwable e) {
        if (LOGGED.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "Sentry JAX-RS instrumentation failed to " + what
                    + "; the request is unaffected (further failures are logged at DEBUG)", e);
        } else {
            LOG.log(Level.DEBUG, "Sentry JAX-RS instrumentation failed to " + what, e);
        }
    }
}
