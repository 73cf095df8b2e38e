package io.github.sentryjakarta.cdi;

import io.github.sentryjakarta.integration.InvalidOptionException;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.integration.Installation;
import io.github.sentryjakarta.integration.Instrumentation;
import io.github.sentryjakarta.spi.BeforeSendEvent;
import io.github.sentryjakarta.spi.BeforeSendSpan;
import io.github.sentryjakarta.spi.TracesSampler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Owns the library's runtime for the application: the span buffer (or transaction assembler) and the
 * transport, built from MicroProfile Config and installed for {@link io.github.sentryjakarta.Traces}.
 *
 * <p>It picks up the application's beans: a {@link TracesSampler}, a {@link BeforeSendSpan} and a
 * {@link BeforeSendEvent} (each only
 * if exactly one bean with the default qualifier exists; with several, none is used and a warning says
 * so), and, on a Jakarta EE server, the default {@code ManagedThreadFactory} (a bean, else JNDI
 * {@code java:comp/DefaultManagedThreadFactory}) for the library's threads.
 *
 * <p>Lifecycle: started eagerly, by the portable extension at {@code AfterDeploymentValidation} (CDI
 * Full) or by the {@link Startup} event (CDI Lite, e.g. Quarkus, where an invalid configuration then
 * fails start-up with a {@link DeploymentException}); closed by {@link PreDestroy} when the application
 * stops, flushing within {@code sentry.shutdown-timeout-millis}.
 */
@ApplicationScoped
public class SentryLifecycle {

    private static final System.Logger LOG = System.getLogger(SentryLifecycle.class.getName());

    @Inject
    Instance<TracesSampler> samplers;

    @Inject
    Instance<BeforeSendSpan> spanHooks;

    @Inject
    Instance<BeforeSendEvent> eventHooks;

    private final Object lock = new Object();
    private Started started;

    /** Starts the runtime when the application starts (CDI Lite; a no-op if already started). */
    void onStartup(@Observes Startup event) {
        try {
            start();
        } catch (InvalidOptionException e) {
            throw new DeploymentException(e.getMessage(), e);
        }
    }

    /**
     * Builds and installs the runtime, once.
     *
     * @return the installed runtime
     * @throws InvalidOptionException if the configuration is invalid
     */
    public Installation start() {
        return started().runtime;
    }

    Started started() {
        synchronized (lock) {
            if (started == null) {
                SentryOptions options = Configuration.load(base());
                Installation runtime;
                try {
                    runtime = Instrumentation.installed().configure(options);
                } catch (InvalidOptionException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // Never fail the application for the library's sake: run with the library off.
                    LOG.log(Level.ERROR, "sentry-jakarta could not start and is off", e);
                    runtime = Instrumentation.installed().configure(options.toBuilder().enabled(false).build());
                }
                runtime.install();
                started = new Started(runtime);
            }
            return started;
        }
    }

    private SentryOptions.Builder base() {
        SentryOptions.Builder base = SentryOptions.builder();
        TracesSampler sampler = single(samplers, TracesSampler.class);
        if (sampler != null) {
            base.tracesSampler(sampler);
        }
        BeforeSendSpan hook = single(spanHooks, BeforeSendSpan.class);
        if (hook != null) {
            base.beforeSendSpan(hook);
        }
        BeforeSendEvent eventHook = single(eventHooks, BeforeSendEvent.class);
        if (eventHook != null) {
            base.beforeSendEvent(eventHook);
        }
        ThreadFactory threads = ManagedThreads.find();
        if (threads != null) {
            base.threadFactory(threads);
        }
        return base;
    }

    private static <T> T single(Instance<T> beans, Class<T> type) {
        if (beans == null || beans.isUnsatisfied()) {
            return null;
        }
        if (beans.isAmbiguous()) {
            LOG.log(Level.WARNING, "sentry-jakarta uses no {0}: more than one bean implements it",
                    type.getSimpleName());
            return null;
        }
        return beans.get();
    }

    /** @return the runtime, starting it if needed */
    public Installation runtime() {
        return start();
    }

    /** Sends everything buffered. @return whether it was handed over within the timeout */
    public boolean flush(Duration timeout) {
        return start().flush(timeout);
    }

    /** Flushes within {@code sentry.shutdown-timeout-millis} and stops the runtime. */
    @PreDestroy
    void close() {
        Started s;
        synchronized (lock) {
            s = started;
        }
        if (s != null) {
            s.close();
        }
    }

    /** A started runtime, closed at most once (by the bean's destruction or the extension's shutdown). */
    static final class Started {
        final Installation runtime;
        private final AtomicBoolean closed = new AtomicBoolean();

        Started(Installation runtime) {
            this.runtime = runtime;
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                try {
                    runtime.close(runtime.options().shutdownTimeout());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "sentry-jakarta: shutdown failed", e);
                }
            }
        }
    }
}
