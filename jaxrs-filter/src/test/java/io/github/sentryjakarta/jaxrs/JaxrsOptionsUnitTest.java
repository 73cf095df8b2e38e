package io.github.sentryjakarta.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.sentryjakarta.config.SentryConfig;
import io.github.sentryjakarta.integration.InvalidOptionException;
import io.github.sentryjakarta.integration.SentryOptions;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JAX-RS module owns {@code sentry.jaxrs.ignore-paths}: the config module finds it as a service and reads
 * it like the library's own options, with the same syntax, validation and order of reported problems.
 */
class JaxrsOptionsUnitTest {

    private static Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test values", 100)).build();
    }

    @Test
    void theConfigModuleReadsTheModulesOptionAfterTheLibrarysOwn() {
        assertThat(SentryConfig.options()).last().isSameAs(JaxrsOptions.IGNORE_PATHS);
        SentryOptions o = SentryConfig.load(config(Map.of("sentry.jaxrs.ignore-paths", "/health,/metrics/.*")));
        assertThat(o.get(JaxrsOptions.IGNORE_PATHS)).containsExactly("/health", "/metrics/.*");
    }

    @Test
    void ignoredPathsAreEmptyByDefault() {
        assertThat(SentryConfig.load(config(Map.of())).get(JaxrsOptions.IGNORE_PATHS)).isEmpty();
        assertThat(SentryOptions.builder().build().get(JaxrsOptions.IGNORE_PATHS)).isEmpty();
    }

    @Test
    void listsSplitAtCommasHonourEscapedCommasAndKeepRegexBackslashes() {
        SentryOptions o = SentryConfig.load(config(Map.of("sentry.jaxrs.ignore-paths", "^/api/\\d+$, /a{1\\,3} ,, /b ,")));
        assertThat(o.get(JaxrsOptions.IGNORE_PATHS)).containsExactly("^/api/\\d+$", "/a{1,3}", "/b");
    }

    @Test
    void anEnvironmentVariableSetsIt() {
        Config env = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(Map.of("SENTRY_JAXRS_IGNORE_PATHS", "/health,/ready"), 300)).build();
        assertThat(SentryConfig.load(env).get(JaxrsOptions.IGNORE_PATHS)).containsExactly("/health", "/ready");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"*/health|*/health", "/ok,/bad(,/ok2|/bad("})
    void aBadRegexFailsNamingTheKeyTheOffendingEntryAndTheRegexProblem(String value, String entry) {
        Throwable t = catchThrowable(() -> SentryConfig.load(config(Map.of("sentry.jaxrs.ignore-paths", value))));
        assertThat(t).isInstanceOf(InvalidOptionException.class);
        assertThat(((InvalidOptionException) t).key()).isEqualTo("sentry.jaxrs.ignore-paths");
        assertThat(t.getMessage()).startsWith("Invalid value for sentry.jaxrs.ignore-paths: '" + entry
                + "'; allowed: valid Java regular expressions (");
        assertThatBuilderRejects(List.of(value.split(",")), entry);
    }

    private static void assertThatBuilderRejects(List<String> value, String entry) {
        Throwable t = catchThrowable(() -> SentryOptions.builder().set(JaxrsOptions.IGNORE_PATHS, value));
        assertThat(t).isInstanceOf(InvalidOptionException.class).hasMessageContaining("'" + entry + "'");
    }

    @Test
    void aBadModuleValueIsReportedAfterTheLibrarysOwnProblems() {
        Throwable t = catchThrowable(() -> SentryConfig.load(config(Map.of(
                "sentry.jaxrs.ignore-paths", "[x", "sentry.max-spans", "0"))));
        assertThat(((InvalidOptionException) t).key()).isEqualTo("sentry.max-spans");
        assertThat(Arrays.stream(t.getSuppressed()).map(s -> ((InvalidOptionException) s).key()))
                .containsExactly("sentry.jaxrs.ignore-paths");
    }

    @Test
    void theBuilderKeepsTheModulesValueThroughToBuilder() {
        SentryOptions o = SentryOptions.builder().set(JaxrsOptions.IGNORE_PATHS, List.of("/a")).build();
        assertThat(o.toBuilder().enabled(false).build().get(JaxrsOptions.IGNORE_PATHS)).containsExactly("/a");
    }
}
