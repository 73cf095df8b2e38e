package io.github.sentryjakarta.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.integration.CoreOptions;
import io.github.sentryjakarta.integration.Option;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.spi.TracesSampler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReadingTest {

    @Test
    void everyKeyIsReadAndConvertedToItsType() {
        Map<String, String> values = Map.ofEntries(
                Map.entry("sentry.enabled", "false"),
                Map.entry("sentry.dsn", "https://pub:secret@o12.ingest.sentry.io/42"),
                Map.entry("sentry.trace-lifecycle", "static"),
                Map.entry("sentry.traces-sample-rate", "0.25"),
                Map.entry("sentry.environment", "staging"),
                Map.entry("sentry.release", "shop@1.2.3"),
                Map.entry("sentry.dist", "b7"),
                Map.entry("sentry.server-name", "node-1"),
                Map.entry("sentry.send-default-pii", "true"),
                Map.entry("sentry.ignore-spans", "GET /health,regex:GET /static/.*"),
                Map.entry("sentry.trace-propagation-targets", "https://api\\.example\\.com/.*,^/internal"),
                Map.entry("sentry.propagate-traceparent", "true"),
                Map.entry("sentry.strict-trace-continuation", "true"),
                Map.entry("sentry.org-id", "77"),
                Map.entry("sentry.spotlight", "true"),
                Map.entry("sentry.spotlight-url", "http://spotlight:9000/stream"),
                Map.entry("sentry.debug", "true"),
                Map.entry("sentry.shutdown-timeout-millis", "0"),
                Map.entry("sentry.max-spans", "10"),
                Map.entry("sentry.span-buffer.flush-interval-millis", "250"),
                Map.entry("sentry.span-buffer.max-spans-per-trace", "11"),
                Map.entry("sentry.span-buffer.max-buffered-spans", "12"),
                Map.entry("sentry.transport.queue-size", "13"),
                Map.entry("sentry.transport.max-requests", "7"),
                Map.entry("sentry.transport.max-queued-bytes", "1048576"),
                Map.entry("sentry.transport.gzip-min-bytes", "0"),
                Map.entry("sentry.outbox-dir", " /var/spool/sentry "),
                Map.entry("sentry.outbox.max-envelopes", "50"),
                Map.entry("sentry.outbox.max-bytes", "2097152"),
                Map.entry("sentry.capture-unhandled", "false"),
                Map.entry("sentry.in-app-includes", "com.acme.,org.example.shop."));
        assertThat(values.keySet()).containsExactlyInAnyOrderElementsOf(keys());

        SentryOptions o = SentryConfig.load(Fixtures.config(values));

        assertThat(o.enabled()).isFalse();
        assertThat(o.dsn()).hasValueSatisfying(d -> {
            assertThat(d.publicKey()).isEqualTo("pub");
            assertThat(d.host()).isEqualTo("o12.ingest.sentry.io");
            assertThat(d.projectId()).isEqualTo("42");
        });
        assertThat(o.traceLifecycle()).as("not the default").isEqualTo(TraceLifecycle.STATIC);
        assertThat(o.tracesSampleRate()).contains(0.25);
        assertThat(o.environment()).isEqualTo("staging");
        assertThat(o.release()).contains("shop@1.2.3");
        assertThat(o.dist()).contains("b7");
        assertThat(o.serverName()).isEqualTo("node-1");
        assertThat(o.sendDefaultPii()).isTrue();
        assertThat(o.ignoreSpans()).containsExactly("GET /health", "regex:GET /static/.*");
        assertThat(o.tracePropagationTargets()).containsExactly("https://api\\.example\\.com/.*", "^/internal");
        assertThat(o.propagateTraceparent()).isTrue();
        assertThat(o.strictTraceContinuation()).isTrue();
        assertThat(o.orgId()).contains("77");
        assertThat(o.spotlight()).isTrue();
        assertThat(o.spotlightUrl()).isEqualTo(URI.create("http://spotlight:9000/stream"));
        assertThat(o.debug()).isTrue();
        assertThat(o.shutdownTimeout()).isEqualTo(Duration.ZERO);
        assertThat(o.maxSpans()).isEqualTo(10);
        assertThat(o.flushInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(o.maxSpansPerTrace()).isEqualTo(11);
        assertThat(o.maxBufferedSpans()).isEqualTo(12);
        assertThat(o.queueSize()).isEqualTo(13);
        assertThat(o.maxRequests()).isEqualTo(7);
        assertThat(o.maxQueuedBytes()).isEqualTo(1048576);
        assertThat(o.gzipMinBytes()).isZero();
        assertThat(o.outboxDir()).contains(java.nio.file.Path.of("/var/spool/sentry"));
        assertThat(o.outboxMaxEnvelopes()).isEqualTo(50);
        assertThat(o.outboxMaxBytes()).isEqualTo(2097152);
        assertThat(o.captureUnhandled()).isFalse();
        assertThat(o.inAppIncludes()).containsExactly("com.acme.", "org.example.shop.");
    }

    /** The keys of the library's options, in table order (no module's options are on this classpath). */
    private static List<String> keys() {
        return CoreOptions.all().stream().filter(Option::configurable).map(Option::key).toList();
    }

    @Test
    void exactlyTheDocumentedKeysAreLookedUp() {
        Config real = Fixtures.config(Map.of());
        Set<String> looked = new LinkedHashSet<>();
        Config recording = (Config) Proxy.newProxyInstance(Config.class.getClassLoader(), new Class<?>[] {Config.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("getOptionalValue")) {
                        looked.add((String) args[0]);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });

        SentryConfig.load(recording);

        assertThat(looked).containsExactlyElementsOf(keys());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"stream|STREAM", "STREAM|STREAM", "' Stream '|STREAM", "static|STATIC", "'\tSTATIC '|STATIC"})
    void theLifecycleIsCaseInsensitiveAndTrimmed(String value, TraceLifecycle expected) {
        assertThat(SentryConfig.load(Fixtures.config(Map.of("sentry.trace-lifecycle", value))).traceLifecycle())
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"true,true", "TRUE,true", "' True ',true", "false,false", "FaLsE,false"})
    void booleansAreTrueOrFalseInAnyCase(String value, boolean expected) {
        assertThat(SentryConfig.load(Fixtures.config(Map.of("sentry.debug", value))).debug()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0,0.0", "1,1.0", "0.5,0.5", "' .5 ',0.5", "1.0,1.0", "1e-1,0.1", "+0.3,0.3"})
    void theSampleRateAcceptsPlainDecimalsFromZeroToOne(String value, double expected) {
        assertThat(SentryConfig.load(Fixtures.config(Map.of("sentry.traces-sample-rate", value))).tracesSampleRate())
                .contains(expected);
    }

    @Test
    void numbersAndStringsAreTrimmed() {
        SentryOptions o = SentryConfig.load(Fixtures.config(Map.of(
                "sentry.max-spans", " 7 ", "sentry.environment", " qa ", "sentry.org-id", " 5 ",
                "sentry.span-buffer.flush-interval-millis", "\t100\t")));
        assertThat(o.maxSpans()).isEqualTo(7);
        assertThat(o.environment()).isEqualTo("qa");
        assertThat(o.orgId()).contains("5");
        assertThat(o.flushInterval()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void listsSplitAtCommasHonourEscapedCommasAndKeepRegexBackslashes() {
        SentryOptions o = SentryConfig.load(Fixtures.config(Map.of(
                "sentry.trace-propagation-targets", "^/api/\\d+$, /a{1\\,3} ,, /b ,",
                "sentry.ignore-spans", "regex:GET /orders/\\d+")));
        assertThat(o.tracePropagationTargets()).containsExactly("^/api/\\d+$", "/a{1,3}", "/b");
        assertThat(o.ignoreSpans()).containsExactly("regex:GET /orders/\\d+");
    }

    @Test
    void listsInIndexedFormAreReadVerbatim() {
        // SmallRye's indexed form, which is how YAML lists (e.g. Quarkus application.yaml) arrive.
        SentryOptions o = SentryConfig.load(Fixtures.config(Map.of(
                "sentry.trace-propagation-targets[0]", "^https://a\\.example/.*",
                "sentry.trace-propagation-targets[1]", "x{1,2}")));
        assertThat(o.tracePropagationTargets()).containsExactly("^https://a\\.example/.*", "x{1,2}");
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "\t"})
    void blankValuesCountAsNotSet(String blank) {
        Map<String, String> values = Map.of(
                "sentry.dsn", blank, "sentry.environment", blank, "sentry.trace-propagation-targets", blank,
                "sentry.max-spans", blank, "sentry.traces-sample-rate", blank, "sentry.debug", blank);
        SentryOptions o = SentryConfig.load(Fixtures.config(values));
        assertThat(o.dsn()).isEmpty();
        assertThat(o.environment()).isEqualTo("production");
        assertThat(o.tracePropagationTargets()).containsExactly(".*");
        assertThat(o.maxSpans()).isEqualTo(1000);
        assertThat(o.tracesSampleRate()).isEmpty();
        assertThat(o.debug()).isFalse();
    }

    @Test
    void aListOfOnlyBlankEntriesCountsAsNotSet() {
        SentryOptions o = SentryConfig.load(Fixtures.config(Map.of("sentry.trace-propagation-targets", " , ,")));
        assertThat(o.tracePropagationTargets()).containsExactly(".*");
    }

    @Test
    void theOrgIdComesFromTheDsnUnlessConfigured() {
        String dsn = "https://pub@o4501.ingest.sentry.io/42";
        assertThat(SentryConfig.load(Fixtures.config(Map.of("sentry.dsn", dsn))).orgId()).contains("4501");
        assertThat(SentryConfig.load(Fixtures.config(Map.of("sentry.dsn", dsn, "sentry.org-id", "9"))).orgId())
                .contains("9");
    }

    @Test
    void spotlightWithoutDsnIsActive() {
        SentryOptions o = SentryConfig.load(Fixtures.config(Map.of("sentry.spotlight", "true")));
        assertThat(o.dsn()).isEmpty();
        assertThat(o.isActive()).isTrue();
    }

    @Test
    void theBaseBuilderKeepsWhatConfigDoesNotCoverAndConfiguredKeysWin() {
        TracesSampler sampler = context -> 0.5;
        ThreadFactory threads = Executors.defaultThreadFactory();
        SentryOptions.Builder base = SentryOptions.builder()
                .tracesSampler(sampler)
                .threadFactory(threads)
                .requestTimeout(Duration.ofSeconds(3))
                .environment("from-base")
                .release("from-base");

        SentryOptions o = SentryConfig.load(Fixtures.config(Map.of("sentry.release", "from-config")), base);

        assertThat(o.tracesSampler()).containsSame(sampler);
        assertThat(o.threadFactory()).containsSame(threads);
        assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.environment()).as("not configured: the base's value stays").isEqualTo("from-base");
        assertThat(o.release()).contains("from-config");
    }
}
