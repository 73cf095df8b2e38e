package io.github.sentryjakarta.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.sentryjakarta.integration.SentryOptions;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.ServiceLoader;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test classpath holds src/test/resources/sentry.properties and META-INF/microprofile-config.properties. */
class SentryPropertiesTest {

    @Test
    void sentryPropertiesKeysAreReadWithOrWithoutThePrefix() {
        SentryDefaultsConfigSource source = new SentryDefaultsConfigSource();

        assertThat(source.getValue("sentry.dsn")).isEqualTo("https://filekey@o7.ingest.sentry.io/99");
        assertThat(source.getValue("sentry.environment")).isEqualTo("from-sentry-properties");
        assertThat(source.getValue("sentry.traces-sample-rate")).isEqualTo("0.25");
        assertThat(source.getValue("sentry.span-buffer.max-spans-per-trace")).isEqualTo("123");
        assertThat(source.getValue("dsn")).as("exposed only with the prefix").isNull();
        assertThat(source.getName()).startsWith("sentry-jakarta defaults + ").endsWith("sentry.properties");
    }

    @Test
    void thePrefixedFormOfAKeyWinsOverTheUnprefixedOne() {
        assertThat(new SentryDefaultsConfigSource().getValue("sentry.dist")).isEqualTo("prefixed");

        Properties p = new Properties();
        p.setProperty("sentry.release", "prefixed");
        p.setProperty("release", "bare");
        p.setProperty("environment", "bare");
        assertThat(SentryDefaultsConfigSource.normalised(p))
                .containsOnly(java.util.Map.entry("sentry.release", "prefixed"), java.util.Map.entry("sentry.environment", "bare"));
    }

    @Test
    void defaultsNotInSentryPropertiesRemain() {
        SentryDefaultsConfigSource source = new SentryDefaultsConfigSource();
        assertThat(source.getValue("sentry.trace-lifecycle")).isEqualTo("stream");
        assertThat(source.getValue("sentry.transport.queue-size")).isEqualTo("20000");
        assertThat(source.getOrdinal()).isEqualTo(50);
    }

    @Test
    void theSourceIsRegisteredForServiceLoaderDiscovery() {
        assertThat(ServiceLoader.load(ConfigSource.class).stream().map(ServiceLoader.Provider::type))
                .contains(SentryDefaultsConfigSource.class);

        SentryOptions o = SentryConfig.load(new SmallRyeConfigBuilder().addDiscoveredSources().build());
        assertThat(o.dsn()).hasValueSatisfying(d -> assertThat(d.publicKey()).isEqualTo("filekey"));
        assertThat(o.orgId()).contains("7");
        assertThat(o.tracesSampleRate()).contains(0.25);
        assertThat(o.maxSpansPerTrace()).isEqualTo(123);
        assertThat(o.release()).contains("from-sentry-properties");
    }

    @Test
    void microprofileConfigPropertiesOverridesSentryProperties() {
        assumeThat(System.getenv("SENTRY_RELEASE")).isNull();
        assumeThat(System.getenv("SENTRY_ENVIRONMENT")).isNull();
        Config config = new SmallRyeConfigBuilder().addDefaultSources().addDiscoveredSources().build();

        SentryOptions o = SentryConfig.load(config);

        assertThat(o.release()).contains("from-microprofile-config");
        assertThat(o.environment()).as("only in sentry.properties").isEqualTo("from-sentry-properties");
    }

    @Test
    void aSystemPropertyOverridesSentryProperties() {
        System.setProperty("sentry.environment", "from-system-property");
        try {
            Config config = new SmallRyeConfigBuilder().addDefaultSources().addDiscoveredSources().build();
            assertThat(SentryConfig.load(config).environment()).isEqualTo("from-system-property");
        } finally {
            System.clearProperty("sentry.environment");
        }
    }

    @Test
    void sentryPropertiesIsReadThroughTheThreadContextClassLoader(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("sentry.properties"), "dsn=https://appkey@o3.ingest.sentry.io/3\n");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader app = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            thread.setContextClassLoader(app);
            assertThat(new SentryDefaultsConfigSource().getValue("sentry.dsn"))
                    .isEqualTo("https://appkey@o3.ingest.sentry.io/3");
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    void sentryPropertiesIsReadAsUtf8(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("sentry.properties"), "environment=préprod\n", StandardCharsets.UTF_8);
        try (URLClassLoader app = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            assertThat(new SentryDefaultsConfigSource(app).getValue("sentry.environment")).isEqualTo("préprod");
        }
    }

    @Test
    void aMalformedSentryPropertiesFailsNamingTheFileButNotItsContent(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("sentry.properties"),
                "dsn=https://pub:TOPSECRET@o1.ingest.sentry.io/1\nbroken=\\uZZZZ\n");
        try (URLClassLoader app = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            Throwable t = catchThrowable(() -> new SentryDefaultsConfigSource(app));
            assertThat(t).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sentry.properties");
            assertThat(Fixtures.printed(t)).doesNotContain("TOPSECRET");
        }
    }
}
