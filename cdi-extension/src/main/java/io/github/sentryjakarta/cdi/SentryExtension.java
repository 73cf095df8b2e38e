package io.github.sentryjakarta.cdi;

import io.github.sentryjakarta.integration.InvalidOptionException;
import io.github.sentryjakarta.integration.SentryOptions;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessSyntheticAnnotatedType;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * The portable extension (CDI Full: WildFly, Open Liberty, Payara, Weld SE), listed in
 * {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}.
 *
 * <ul>
 *   <li>Makes the library's beans ({@link SentrySpanInterceptor}, {@link SentryLifecycle},
 *       {@link TracerProducer}) available even when the application's bean discovery misses the jar: it adds
 *       them at {@code BeforeBeanDiscovery} (where an added {@code @Priority} interceptor is enabled like a
 *       discovered one) and vetoes the copies that bean discovery finds when the jar is also a bean
 *       archive, so each exists exactly once.</li>
 *   <li>At {@code AfterDeploymentValidation} it reads and validates the configuration: an invalid value
 *       fails the deployment with a {@link DeploymentException} carrying the config module's message (key,
 *       value, what is allowed); otherwise it starts the {@link SentryLifecycle} right away, so the runtime is
 *       installed before the first request.</li>
 *   <li>At {@code BeforeShutdown} it closes the runtime if the lifecycle bean's {@code @PreDestroy} has not already,
 *       flushing within {@code sentry.shutdown-timeout-millis}.</li>
 * </ul>
 */
public class SentryExtension implements Extension {

    private static final System.Logger LOG = System.getLogger(SentryExtension.class.getName());

    /** The library's beans, which must exist once whatever the application's discovery does. */
    static final List<Class<?>> LIBRARY_BEANS = List.of(SentrySpanInterceptor.class, SentryLifecycle.class,
            TracerProducer.class);

    private static final String ID_PREFIX = SentryExtension.class.getName() + ".";

    private volatile SentryLifecycle.Started started;

    void addLibraryBeans(@Observes BeforeBeanDiscovery event, BeanManager beanManager) {
        for (Class<?> type : LIBRARY_BEANS) {
            event.addAnnotatedType(beanManager.createAnnotatedType(type), ID_PREFIX + type.getSimpleName());
        }
    }

    void interceptorDiscovered(@Observes ProcessAnnotatedType<SentrySpanInterceptor> event) {
        vetoIfDiscovered(event);
    }

    void lifecycleDiscovered(@Observes ProcessAnnotatedType<SentryLifecycle> event) {
        vetoIfDiscovered(event);
    }

    void producerDiscovered(@Observes ProcessAnnotatedType<TracerProducer> event) {
        vetoIfDiscovered(event);
    }

    /** The jar is also a bean archive: keep only the copy this extension added, so each bean exists once. */
    private void vetoIfDiscovered(ProcessAnnotatedType<?> event) {
        if (!(event instanceof ProcessSyntheticAnnotatedType<?> added) || added.getSource() != this) {
            event.veto();
        }
    }

    void validateAndStart(@Observes AfterDeploymentValidation event, BeanManager beanManager) {
        try {
            started = beanManager.createInstance().select(SentryLifecycle.class).get().started();
        } catch (InvalidOptionException e) {
            event.addDeploymentProblem(deploymentProblem(e));
        } catch (RuntimeException e) {
            // Payara's extension bean manager cannot see the lifecycle bean: it starts on the Startup event instead,
            // before the first request. Still refuse an invalid configuration here.
            LOG.log(Level.DEBUG, "sentry-jakarta starts its lifecycle bean on the Startup event: not resolvable at deployment", e);
            try {
                Configuration.load(SentryOptions.builder());
            } catch (InvalidOptionException invalid) {
                event.addDeploymentProblem(deploymentProblem(invalid));
            }
        }
    }

    static DeploymentException deploymentProblem(InvalidOptionException e) {
        // The message is the config module's (key, value, allowed); the cause carries any further invalid keys
        // as suppressed exceptions.
        return new DeploymentException(e.getMessage(), e);
    }

    void flushOnShutdown(@Observes BeforeShutdown event) {
        SentryLifecycle.Started s = started;
        if (s != null) {
            s.close();
        }
    }
}
