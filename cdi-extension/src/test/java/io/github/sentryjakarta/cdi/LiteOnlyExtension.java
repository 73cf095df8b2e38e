package io.github.sentryjakarta.cdi;

import jakarta.enterprise.inject.build.compatible.spi.Discovery;
import jakarta.enterprise.inject.build.compatible.spi.ScannedClasses;

/**
 * {@link SentryBuildCompatibleExtension} without its {@code @SkipIfPortableExtensionPresent}, which Weld (CDI
 * Full) honours: lets a Weld test run the library the way CDI Lite (Quarkus) does, with no portable extension.
 */
public class LiteOnlyExtension extends SentryBuildCompatibleExtension {

    @Override
    @Discovery
    public void addLibraryBeans(ScannedClasses classes) {
        super.addLibraryBeans(classes);
    }
}
