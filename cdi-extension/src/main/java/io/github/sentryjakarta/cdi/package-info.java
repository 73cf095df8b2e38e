/**
 * The CDI integration of sentry-jakarta: the {@link io.github.sentryjakarta.cdi.SentrySpan} interceptor, the
 * application-scoped {@link io.github.sentryjakarta.cdi.SentryLifecycle} that owns the runtime, the
 * {@code Tracer} producer, and the portable extension (CDI Full) that validates the configuration at deployment.
 *
 * <p>Nothing needs registering, and the library's beans are registered one way only: the jar is a bean archive
 * ({@code META-INF/beans.xml}, annotated discovery), which every CDI runtime honours (WildFly, Open Liberty,
 * Payara, Weld SE, and Quarkus's build-time index). The portable extension adds no beans; on CDI Lite, where it
 * does not run, the lifecycle bean starts on the {@code Startup} event.
 */
package io.github.sentryjakarta.cdi;
