package io.github.sentryjakarta.cdi;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

/**
 * Installs a SmallRye Config holding the given {@code sentry.*} values (over the usual sources and the
 * library's defaults source) as the MicroProfile Config of this thread's class loader, until closed.
 */
final class TestConfig implements AutoCloseable {

    private final Config config;

    private TestConfig(Config config) {
        this.config = config;
    }

    static TestConfig with(Map<String, String> values) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        resolver.releaseConfig(resolver.getConfig(loader));
        Config config = new SmallRyeConfigBuilder()
                .forClassLoader(loader)
                .addDefaultSources()
                .addDiscoveredSources()
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .build();
        resolver.registerConfig(config, loader);
        return new TestConfig(config);
    }

    @Override
    public void close() {
        ConfigProviderResolver.instance().releaseConfig(config);
    }
}
