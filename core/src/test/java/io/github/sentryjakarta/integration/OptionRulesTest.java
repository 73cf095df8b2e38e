package io.github.sentryjakarta.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The builder checks values set in code with each option's own rule and says what is allowed in the same words
 * as a config source's failure; the table's defaults are what the builder starts from.
 */
class OptionRulesTest {

    private static void rejects(Consumer<SentryOptions.Builder> setter, String message) {
        assertThatThrownBy(() -> setter.accept(SentryOptions.builder()))
                .isInstanceOf(InvalidOptionException.class).hasMessage(message);
    }

    @Test
    void aValueSetInCodeFailsWithTheKeyTheValueAndWhatIsAllowed() {
        rejects(b -> b.tracesSampleRate(1.5), "Invalid value for sentry.traces-sample-rate: '1.5'; allowed: a number from 0.0 to 1.0");
        rejects(b -> b.tracesSampleRate(Double.NaN), "Invalid value for sentry.traces-sample-rate: 'NaN'; allowed: a number from 0.0 to 1.0");
        rejects(b -> b.maxSpans(0), "Invalid value for sentry.max-spans: '0'; allowed: a whole number greater than 0");
        rejects(b -> b.shutdownTimeout(Duration.ofMillis(-1)),
                "Invalid value for sentry.shutdown-timeout-millis: '-1'; allowed: a number of milliseconds, 0 or more");
        rejects(b -> b.flushInterval(Duration.ZERO),
                "Invalid value for sentry.span-buffer.flush-interval-millis: '0'; allowed: a number of milliseconds greater than 0");
        rejects(b -> b.maxQueuedBytes(1000),
                "Invalid value for sentry.transport.max-queued-bytes: '1000'; allowed: a number of bytes, 65536 or more");
        rejects(b -> b.outboxMaxBytes(0), "Invalid value for sentry.outbox.max-bytes: '0'; allowed: a whole number greater than 0");
        rejects(b -> b.environment(null), "Invalid value for sentry.environment: 'null'; allowed: a value");
        rejects(b -> b.serverName(null), "Invalid value for sentry.server-name: 'null'; allowed: a value");
        rejects(b -> b.traceLifecycle(null), "Invalid value for sentry.trace-lifecycle: 'null'; allowed: stream or static");
        rejects(b -> b.orgId(""), "Invalid value for sentry.org-id: ''; allowed: a numeric organization id");
        rejects(b -> b.spotlightUrl("ftp://h/x"), "Invalid value for sentry.spotlight-url: 'ftp://h/x'; allowed: an http or https URL");
        rejects(b -> b.connectTimeout(Duration.ZERO), "Invalid value for connect timeout: '0'; allowed: a number of milliseconds greater than 0");
        assertThatThrownBy(() -> SentryOptions.builder().ignoreSpans(List.of("GET /a", "regex:(")))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageStartingWith("Invalid value for sentry.ignore-spans: 'regex:('; allowed: valid Java regular expressions (");
    }

    @Test
    void aBlankDsnOrOutboxDirMeansNone() {
        SentryOptions o = SentryOptions.builder().dsn("https://k@o1.ingest.sentry.io/1").dsn(" ").outboxDir("/tmp/x").outboxDir("").build();
        assertThat(o.dsn()).isEmpty();
        assertThat(o.outboxDir()).isEmpty();
    }

    @Test
    void theBuilderStartsFromEachOptionsDeclaredDefault() {
        SentryOptions o = SentryOptions.builder().build();
        for (Option<?> option : CoreOptions.all()) {
            if (option != CoreOptions.SERVER_NAME) { // computed when built: the host name
                assertThat((Object) o.get(option)).as(option.key()).isEqualTo(option.defaultValue());
            }
        }
        assertThat(o.maxQueuedBytes()).isEqualTo(16L << 20);
        assertThat(o.tracePropagationTargets()).containsExactly(".*");
        assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void valuesSurviveToBuilderAndListsAreCopied() {
        java.util.ArrayList<String> prefixes = new java.util.ArrayList<>(List.of("com.acme."));
        SentryOptions o = SentryOptions.builder().inAppIncludes(prefixes).maxSpans(7).build();
        prefixes.add("org.other.");
        SentryOptions copy = o.toBuilder().debug(true).build();
        assertThat(copy.inAppIncludes()).containsExactly("com.acme.");
        assertThat(copy.maxSpans()).isEqualTo(7);
        assertThat(copy.debug()).isTrue();
        assertThat(o.debug()).as("the original is immutable").isFalse();
    }
}
