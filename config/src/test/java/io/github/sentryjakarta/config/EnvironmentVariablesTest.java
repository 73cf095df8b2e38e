package io.github.sentryjakarta.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.sentryjakarta.integration.InvalidOptionException;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.integration.TraceLifecycle;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/**
 * Environment variables need no code: MicroProfile Config maps {@code sentry.span-buffer.max-spans-per-trace}
 * to {@code SENTRY_SPAN_BUFFER_MAX_SPANS_PER_TRACE}. Simulated with SmallRye's own env source at its
 * standard ordinal (300), so the real environment plays no part.
 */
class EnvironmentVariablesTest {

    private static Config withEnv(Map<String, String> env) {
        return new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(env, 300))
                .withSources(new PropertiesConfigSource(Map.of(
                        "sentry.trace-lifecycle", "static", "sentry.environment", "from-microprofile-config"),
                        "microprofile-config.properties", 100))
                .withSources(Fixtures.defaultsOnly())
                .build();
    }

    @Test
    void environmentVariablesSetEveryKindOfKeyAndBeatLowerSources() {
        SentryOptions o = SentryConfig.load(withEnv(Map.of(
                "SENTRY_DSN", "https://envkey@o5.ingest.sentry.io/55",
                "SENTRY_TRACE_LIFECYCLE", "STREAM",
                "SENTRY_SPAN_BUFFER_MAX_SPANS_PER_TRACE", "42",
                "SENTRY_TRACES_SAMPLE_RATE", "0.75",
                "SENTRY_SEND_DEFAULT_PII", "true",
                "SENTRY_TRACE_PROPAGATION_TARGETS", "/health,/ready")));

        assertThat(o.dsn()).hasValueSatisfying(d -> assertThat(d.publicKey()).isEqualTo("envkey"));
        assertThat(o.traceLifecycle()).as("env (300) beats microprofile-config.properties (100)")
                .isEqualTo(TraceLifecycle.STREAM);
        assertThat(o.maxSpansPerTrace()).isEqualTo(42);
        assertThat(o.tracesSampleRate()).contains(0.75);
        assertThat(o.sendDefaultPii()).isTrue();
        assertThat(o.tracePropagationTargets()).containsExactly("/health", "/ready");
        assertThat(o.environment()).isEqualTo("from-microprofile-config");
        assertThat(o.queueSize()).as("from the defaults source").isEqualTo(20000);
    }

    @Test
    void anInvalidEnvironmentVariableFailsNamingTheConfigKey() {
        Throwable t = catchThrowable(() -> SentryConfig.load(withEnv(Map.of("SENTRY_TRACE_LIFECYCLE", "fast"))));
        assertThat(t).isInstanceOf(InvalidOptionException.class)
                .hasMessage("Invalid value for sentry.trace-lifecycle: 'fast'; allowed: stream or static");
    }
}
