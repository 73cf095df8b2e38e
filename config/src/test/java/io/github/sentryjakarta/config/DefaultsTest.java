package io.github.sentryjakarta.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.integration.CoreOptions;
import io.github.sentryjakarta.integration.Option;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.integration.TraceLifecycle;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

class DefaultsTest {

    private static void assertDocumentedDefaults(SentryOptions o) {
        assertThat(o.enabled()).isTrue();
        assertThat(o.dsn()).isEmpty();
        assertThat(o.isActive()).as("no DSN and no Spotlight: off").isFalse();
        assertThat(o.traceLifecycle()).isEqualTo(TraceLifecycle.STREAM);
        assertThat(o.tracesSampleRate()).isEmpty();
        assertThat(o.environment()).isEqualTo("production");
        assertThat(o.release()).isEmpty();
        assertThat(o.dist()).isEmpty();
        assertThat(o.serverName()).isEqualTo(SentryOptions.builder().build().serverName()).isNotBlank();
        assertThat(o.sendDefaultPii()).isFalse();
        assertThat(o.ignoreSpans()).isEmpty();
        assertThat(o.tracePropagationTargets()).containsExactly(".*");
        assertThat(o.propagateTraceparent()).isFalse();
        assertThat(o.strictTraceContinuation()).isFalse();
        assertThat(o.orgId()).isEmpty();
        assertThat(o.spotlight()).isFalse();
        assertThat(o.spotlightUrl()).isEqualTo(URI.create("http://localhost:8969/stream"));
        assertThat(o.debug()).isFalse();
        assertThat(o.shutdownTimeout()).isEqualTo(Duration.ofMillis(2000));
        assertThat(o.maxSpans()).isEqualTo(1000);
        assertThat(o.flushInterval()).isEqualTo(Duration.ofMillis(5000));
        assertThat(o.maxSpansPerTrace()).isEqualTo(2000);
        assertThat(o.maxBufferedSpans()).isEqualTo(20000);
        assertThat(o.queueSize()).isEqualTo(20000);
        assertThat(o.maxRequests()).isEqualTo(128);
        assertThat(o.maxQueuedBytes()).isEqualTo(16L << 20);
        assertThat(o.gzipMinBytes()).isEqualTo(32768);
        assertThat(o.outboxDir()).isEmpty();
        assertThat(o.outboxMaxEnvelopes()).isEqualTo(1000);
        assertThat(o.outboxMaxBytes()).isEqualTo(64L << 20);
        assertThat(o.captureUnhandled()).isTrue();
        assertThat(o.inAppIncludes()).isEmpty();
    }

    @Test
    void anEmptyConfigGivesEveryDocumentedDefault() {
        assertDocumentedDefaults(SentryConfig.load(new SmallRyeConfigBuilder().build()));
    }

    @Test
    void theDefaultsSourceAloneGivesEveryDocumentedDefault() {
        Config config = new SmallRyeConfigBuilder().withSources(Fixtures.defaultsOnly()).build();
        assertDocumentedDefaults(SentryConfig.load(config));
    }

    @Test
    void theDefaultsSourceHoldsExactlyTheFixedDefaultsOfTheConfigTable() {
        assertThat(Fixtures.defaultsOnly().getProperties()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("sentry.enabled", "true"),
                Map.entry("sentry.trace-lifecycle", "stream"),
                Map.entry("sentry.environment", "production"),
                Map.entry("sentry.send-default-pii", "false"),
                Map.entry("sentry.trace-propagation-targets", ".*"),
                Map.entry("sentry.propagate-traceparent", "false"),
                Map.entry("sentry.strict-trace-continuation", "false"),
                Map.entry("sentry.spotlight", "false"),
                Map.entry("sentry.spotlight-url", "http://localhost:8969/stream"),
                Map.entry("sentry.debug", "false"),
                Map.entry("sentry.shutdown-timeout-millis", "2000"),
                Map.entry("sentry.max-spans", "1000"),
                Map.entry("sentry.span-buffer.flush-interval-millis", "5000"),
                Map.entry("sentry.span-buffer.max-spans-per-trace", "2000"),
                Map.entry("sentry.span-buffer.max-buffered-spans", "20000"),
                Map.entry("sentry.transport.queue-size", "20000"),
                Map.entry("sentry.transport.max-requests", "128"),
                Map.entry("sentry.transport.max-queued-bytes", "16777216"),
                Map.entry("sentry.transport.gzip-min-bytes", "32768"),
                Map.entry("sentry.outbox.max-envelopes", "1000"),
                Map.entry("sentry.outbox.max-bytes", "67108864"),
                Map.entry("sentry.capture-unhandled", "true")));
    }

    @Test
    void theDefaultsSourceAgreesWithTheCoreBuilderDefaults() {
        // Guards against drift: a default changed in core but not here (or the reverse) fails this test.
        SentryOptions fromBuilder = SentryOptions.builder().build();
        SentryOptions fromSource = SentryConfig.load(
                new SmallRyeConfigBuilder().withSources(Fixtures.defaultsOnly()).build());
        assertThat(fromSource).usingRecursiveComparison().isEqualTo(fromBuilder);
    }

    @Test
    void theDefaultsSourceHasOrdinal50AndItsName() {
        SentryDefaultsConfigSource source = Fixtures.defaultsOnly();
        assertThat(source.getOrdinal()).isEqualTo(50).isEqualTo(SentryDefaultsConfigSource.ORDINAL);
        assertThat(source.getName()).isEqualTo("sentry-jakarta defaults");
        assertThat(source.getValue("sentry.dsn")).isNull();
        assertThat(source.getPropertyNames()).doesNotContain("sentry.server-name", "sentry.dsn", "sentry.org-id");
    }

    @Test
    void everyConfigurableOptionHasItsOwnSentryKeyAndTheDefaultsSourceOffersOnlyThose() {
        List<String> keys = SentryConfig.options().stream().map(Option::key).toList();
        assertThat(keys).hasSize(31).doesNotHaveDuplicates().allMatch(k -> k.startsWith("sentry."));
        assertThat(keys).containsAll(Fixtures.defaultsOnly().getPropertyNames());
    }

    @Test
    void optionsSetInCodeOnlyAreNotReadFromConfig() {
        assertThat(SentryConfig.options()).doesNotContain(CoreOptions.CONNECT_TIMEOUT, CoreOptions.REQUEST_TIMEOUT,
                CoreOptions.TRACES_SAMPLER, CoreOptions.BEFORE_SEND_SPAN, CoreOptions.THREAD_FACTORY,
                CoreOptions.BEFORE_SEND_EVENT);
    }
}
