package io.github.sentryjakarta.cdi;

import io.github.sentryjakarta.integration.InvalidOptionException;
import io.github.sentryjakarta.integration.SentryOptions;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import java.lang.System.Logger.Level;

/**
 * The portable extension (CDI Full: WildFly, Open Liberty, Payara, Weld SE), listed in
 * {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}.
 *
 * <p>It registers no beans: the jar is a bean archive ({@code META-INF/beans.xml}, annotated discovery), which
 * is how every runtime finds {@link SentrySpanInterceptor}, {@link SentryLifecycle} and {@link TracerProducer}
 * (CDI Full and CDI Lite alike; Quarkus runs no portable extension). What it adds on CDI Full:
 *
 * <ul>
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

    private volatile SentryLifecycle.Started started;

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
