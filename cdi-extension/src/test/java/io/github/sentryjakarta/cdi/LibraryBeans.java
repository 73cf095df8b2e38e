package io.github.sentryjakarta.cdi;

import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * The library's beans, which the jar's {@code META-INF/beans.xml} makes discoverable: tests that build a synthetic
 * bean archive (discovery off) add them as a container would find them in the jar. The jar's real discovery is
 * proven by {@code LifecycleTest.withDefaultDiscoveryTheBeanArchiveRegistersTheLibraryOnce}.
 */
final class LibraryBeans {

    static final Class<?>[] CLASSES = {SentrySpanInterceptor.class, SentryLifecycle.class, TracerProducer.class};

    private LibraryBeans() {
    }

    /**
     * @return a started Weld SE container of a synthetic bean archive holding {@code beans} and the library's beans,
     *         with the portable extension, as on CDI Full
     */
    static WeldContainer start(Class<?>... beans) {
        return new Weld().disableDiscovery().addBeanClasses(beans).addBeanClasses(CLASSES)
                .addExtension(new SentryExtension()).initialize();
    }
}
