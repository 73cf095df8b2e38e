/**
 * The CDI integration of sentry-jakarta: the {@link io.github.sentryjakarta.cdi.SentrySpan} interceptor, the
 * portable extension (CDI Full), the build compatible extension (CDI Lite, Quarkus) and the
 * application-scoped {@link io.github.sentryjakarta.cdi.SentryLifecycle} that owns the runtime.
 *
 * <p>Nothing needs registering: the jar is a bean archive ({@code META-INF/beans.xml}, annotated discovery)
 * and lists both extensions in {@code META-INF/services}. Either alone is enough: the portable extension
 * adds the library's beans if the application's bean discovery does not find them, and on CDI Lite the
 * bean archive (plus the build compatible extension) carries them.
 */
package io.github.sentryjakarta.cdi;
