package io.github.sentryjakarta.cdi;

/**
 * The library's beans, which the jar's {@code META-INF/beans.xml} makes discoverable: tests that build a synthetic
 * bean archive (discovery off) add them as a container would find them in the jar. The jar's real discovery is
 * proven by {@code LifecycleTest.withDefaultDiscoveryTheBeanArchiveRegistersTheLibraryOnce}.
 */
final class LibraryBeans {

    static final Class<?>[] CLASSES = {SentrySpanInterceptor.class, SentryLifecycle.class, TracerProducer.class};

    private LibraryBeans() {
    }
}
