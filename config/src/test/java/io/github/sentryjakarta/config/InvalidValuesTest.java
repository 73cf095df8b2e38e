package io.github.sentryjakarta.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.sentryjakarta.integration.InvalidOptionException;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InvalidValuesTest {

    private static final String SECRET = "TOPSECRET";

    @ParameterizedTest(name = "{0} = ''{1}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "sentry.enabled|yes|true or false",
        "sentry.send-default-pii|1|true or false",
        "sentry.propagate-traceparent|on|true or false",
        "sentry.strict-trace-continuation|no|true or false",
        "sentry.spotlight|Y|true or false",
        "sentry.debug|truee|true or false",
        "sentry.capture-unhandled|off|true or false",
        "sentry.trace-lifecycle|streaming|stream or static",
        "sentry.trace-lifecycle|span-first|stream or static",
        "sentry.traces-sample-rate|1.5|a number from 0.0 to 1.0",
        "sentry.traces-sample-rate|2|a number from 0.0 to 1.0",
        "sentry.traces-sample-rate|1e3|a number from 0.0 to 1.0",
        "sentry.traces-sample-rate|-0.1|a number from 0.0 to 1.0",
        "sentry.traces-sample-rate|abc|a number from 0.0 to 1.0",
        "sentry.traces-sample-rate|NaN|a number from 0.0 to 1.0",
        "sentry.traces-sample-rate|0.5f|a number from 0.0 to 1.0",
        "sentry.traces-sample-rate|50%|a number from 0.0 to 1.0",
        "sentry.shutdown-timeout-millis|-1|a number of milliseconds, 0 or more",
        "sentry.shutdown-timeout-millis|2s|a number of milliseconds, 0 or more",
        "sentry.max-spans|0|a whole number greater than 0",
        "sentry.max-spans|-5|a whole number greater than 0",
        "sentry.max-spans|ten|a whole number greater than 0",
        "sentry.max-spans|99999999999|a whole number greater than 0",
        "sentry.span-buffer.flush-interval-millis|0|a number of milliseconds greater than 0",
        "sentry.span-buffer.flush-interval-millis|-100|a number of milliseconds greater than 0",
        "sentry.span-buffer.flush-interval-millis|5s|a number of milliseconds greater than 0",
        "sentry.span-buffer.flush-interval-millis|1.5|a number of milliseconds greater than 0",
        "sentry.span-buffer.flush-interval-millis|99999999999999999999|a number of milliseconds greater than 0",
        "sentry.span-buffer.max-spans-per-trace|-1|a whole number greater than 0",
        "sentry.span-buffer.max-spans-per-trace|many|a whole number greater than 0",
        "sentry.span-buffer.max-buffered-spans|0|a whole number greater than 0",
        "sentry.span-buffer.max-buffered-spans|2e4|a whole number greater than 0",
        "sentry.transport.queue-size|0|a whole number greater than 0",
        "sentry.transport.queue-size|big|a whole number greater than 0",
        "sentry.transport.max-requests|0|a whole number greater than 0",
        "sentry.transport.max-queued-bytes|1000|a number of bytes, 65536 or more",
        "sentry.transport.max-queued-bytes|16MB|a number of bytes, 65536 or more",
        "sentry.transport.gzip-min-bytes|-1|a number of bytes, 0 or more",
        "sentry.transport.gzip-min-bytes|32K|a number of bytes, 0 or more",
        "sentry.outbox.max-envelopes|-1|a whole number greater than 0",
        "sentry.outbox.max-bytes|0|a whole number greater than 0",
        "sentry.ignore-spans|regex:GET (/x|valid Java regular expressions",
        "sentry.trace-propagation-targets|[a-|valid Java regular expressions",
        "sentry.trace-propagation-targets|*/health|valid Java regular expressions",
        "sentry.org-id|abc|a numeric organization id",
        "sentry.org-id|o123|a numeric organization id",
        "sentry.org-id|-1|a numeric organization id",
        "sentry.spotlight-url|ftp://localhost:8969/stream|an http or https URL",
        "sentry.spotlight-url|localhost:8969|an http or https URL",
        "sentry.spotlight-url|not a url|an http or https URL",
    })
    void anInvalidValueFailsWithTheKeyTheValueAndWhatIsAllowed(String key, String value, String allowed) {
        InvalidOptionException e = Fixtures.loadFailure(Map.of(key, value));

        assertThat(e.key()).isEqualTo(key);
        assertThat(e.getMessage())
                .startsWith("Invalid value for " + key + ": '" + value + "'; allowed: " + allowed);
        assertThat(e.getSuppressed()).isEmpty();
    }

    @Test
    void anUnknownLifecycleNamesBothAllowedValues() {
        InvalidOptionException e = Fixtures.loadFailure(Map.of("sentry.trace-lifecycle", "first"));
        assertThat(e.getMessage()).contains("sentry.trace-lifecycle", "'first'", "stream", "static");
    }

    @Test
    void aBadRegexNamesTheOffendingEntryAndTheRegexProblem() {
        InvalidOptionException e = Fixtures.loadFailure(Map.of("sentry.trace-propagation-targets", "/ok,/bad(,/ok2"));
        assertThat(e.getMessage()).startsWith("Invalid value for sentry.trace-propagation-targets: '/bad('; allowed: ")
                .contains("Unclosed group");
    }

    @Test
    void aMalformedDsnNamesTheKeyTheValueWithoutItsSecretAndTheExpectedForm() {
        InvalidOptionException e = Fixtures.loadFailure(Map.of("sentry.dsn", "https://pub:TOPSECRET@o1.ingest.sentry.io/"));
        assertThat(e.key()).isEqualTo("sentry.dsn");
        assertThat(e.getMessage()).startsWith("Invalid value for sentry.dsn: 'https://pub:***@o1.ingest.sentry.io/'; allowed: ")
                .contains("scheme://public_key@host[:port]/[path/]project_id", "project id")
                .doesNotContain("TOPSECRET");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://pub:TOPSECRET@o1.ingest.sentry.io/",
        "https://pub:TOPSECRET@o1.ingest.sentry.io/a-b",
        "https://pub:TOPSECRET@o1.ingest.sentry.io/4 2",
        "https://pub:TOPSECRET@o1.ingest.sentry.io/4%2",
        "ftp://pub:TOPSECRET@o1.ingest.sentry.io/42",
        "https://:TOPSECRET@o1.ingest.sentry.io/42",
        "https://pub:TOPSECRET@/42",
        "pub:TOPSECRET@o1.ingest.sentry.io/42",
        "https://pub:TOPSECRET@o1.ingest.sentry.io:port/42",
    })
    void theDsnSecretNeverAppearsInTheFailure(String dsn) {
        InvalidOptionException e = Fixtures.loadFailure(Map.of("sentry.dsn", dsn));
        assertThat(e.key()).isEqualTo("sentry.dsn");
        assertThat(Fixtures.printed(e)).doesNotContain(SECRET);
    }

    @Test
    void theDsnSecretDoesNotLeakWhenOtherKeysAreInvalid() {
        InvalidOptionException e = Fixtures.loadFailure(Map.of(
                "sentry.dsn", "https://pub:TOPSECRET@o1.ingest.sentry.io/42",
                "sentry.max-spans", "0", "sentry.debug", "maybe"));
        assertThat(Fixtures.printed(e)).doesNotContain(SECRET);
    }

    @Test
    void aFailingDsnLookupIsReportedWithoutTheImplementationsMessage() {
        // Some implementation might quote the raw value when it cannot resolve it (e.g. an expression).
        Config real = Fixtures.config(Map.of("sentry.max-spans", "0"));
        Config failing = (Config) Proxy.newProxyInstance(Config.class.getClassLoader(), new Class<?>[] {Config.class},
                (proxy, method, args) -> {
                    if (args != null && "sentry.dsn".equals(args[0])) {
                        throw new IllegalArgumentException("cannot expand https://pub:TOPSECRET@o1.ingest.sentry.io/${p}");
                    }
                    return method.invoke(real, args);
                });

        Throwable t = catchThrowable(() -> SentryConfig.load(failing));

        assertThat(t).isInstanceOf(InvalidOptionException.class);
        assertThat(((InvalidOptionException) t).key()).isEqualTo("sentry.dsn");
        assertThat(t.getMessage()).contains("IllegalArgumentException");
        assertThat(Fixtures.printed(t)).doesNotContain(SECRET);
        assertThat(t.getSuppressed()).extracting(s -> ((InvalidOptionException) s).key()).containsExactly("sentry.max-spans");
    }

    @Test
    void severalInvalidValuesFailWithTheFirstInTableOrderAndCarryTheOthersAsSuppressed() {
        InvalidOptionException e = Fixtures.loadFailure(Map.of(
                "sentry.transport.queue-size", "none",
                "sentry.max-spans", "0",
                "sentry.debug", "yes",
                "sentry.trace-lifecycle", "both",
                "sentry.environment", "fine"));

        assertThat(e.key()).isEqualTo("sentry.trace-lifecycle");
        assertThat(Arrays.stream(e.getSuppressed()).map(s -> ((InvalidOptionException) s).key()))
                .containsExactly("sentry.debug", "sentry.max-spans", "sentry.transport.queue-size");
        assertThat(Fixtures.printed(e)).contains("'both'", "'yes'", "'0'", "'none'");
    }
}
