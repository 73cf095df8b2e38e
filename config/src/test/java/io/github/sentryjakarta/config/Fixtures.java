package io.github.sentryjakarta.config;

import io.github.sentryjakarta.integration.InvalidOptionException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.eclipse.microprofile.config.Config;

/** Shared helpers: a real SmallRye Config with exactly the given values, and no classpath surprises. */
final class Fixtures {

    private Fixtures() {
    }

    /** A config holding only {@code values}, at the ordinal of microprofile-config.properties. */
    static Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "test values", 100))
                .build();
    }

    /** A class loader that sees no {@code sentry.properties} (only the bootstrap loader as parent). */
    static ClassLoader emptyLoader() {
        return new URLClassLoader(new URL[0], null);
    }

    /** The defaults source without the test {@code sentry.properties} of this module's classpath. */
    static SentryDefaultsConfigSource defaultsOnly() {
        return new SentryDefaultsConfigSource(emptyLoader());
    }

    static InvalidOptionException loadFailure(Map<String, String> values) {
        Throwable t = Assertions.catchThrowable(() -> SentryConfig.load(config(values)));
        Assertions.assertThat(t).isInstanceOf(InvalidOptionException.class);
        return (InvalidOptionException) t;
    }

    /** Everything a log would show of {@code t}: messages, causes, suppressed exceptions. */
    static String printed(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
