package io.github.sentryjakarta.cdi;

import jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension;
import jakarta.enterprise.inject.build.compatible.spi.Discovery;
import jakarta.enterprise.inject.build.compatible.spi.ScannedClasses;
import jakarta.enterprise.inject.build.compatible.spi.SkipIfPortableExtensionPresent;

/**
 * The CDI Lite side (Quarkus ArC, which never runs portable extensions), listed in
 * {@code META-INF/services/jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension}.
 *
 * <p>It adds the library's beans to discovery, like {@link SentryExtension} does on CDI Full; the jar being
 * a bean archive also makes them found. Start-up validation and the shutdown flush need no extension here:
 * {@link SentryLifecycle} observes {@code jakarta.enterprise.event.Startup} (an invalid configuration fails
 * start-up with the config module's message) and flushes in its {@code @PreDestroy}. The observer also
 * keeps the lifecycle bean from being removed as unused. Skipped where the portable extension runs.
 */
@SkipIfPortableExtensionPresent(SentryExtension.class)
public class SentryBuildCompatibleExtension implements BuildCompatibleExtension {

    /** Adds the library's beans to the scanned classes. */
    @Discovery
    public void addLibraryBeans(ScannedClasses classes) {
        for (Class<?> type : SentryExtension.LIBRARY_BEANS) {
            classes.add(type.getName());
        }
    }
}
