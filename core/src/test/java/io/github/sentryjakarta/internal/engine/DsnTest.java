package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.integration.Dsn;
import io.github.sentryjakarta.integration.InvalidOptionException;
import io.github.sentryjakarta.integration.SentryOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DsnTest {

    @Test
    void envelopeEndpointKeepsPortAndPathPrefix() {
        Dsn dsn = Dsn.parse("https://pub:secret@sentry.example.com:9000/prefix/sub/42");
        assertThat(dsn.envelopeUri()).isEqualTo(URI.create("https://sentry.example.com:9000/prefix/sub/api/42/envelope/"));
        assertThat(dsn.publicKey()).isEqualTo("pub");
        assertThat(dsn.projectId()).isEqualTo("42");
        assertThat(dsn.orgId()).isEmpty();
    }

    @Test
    void orgIdComesFromAHostStartingWithOAndDigits() {
        assertThat(Dsn.parse("https://k@o4501.ingest.us.sentry.io/7").orgId()).contains("4501");
        assertThat(Dsn.parse("https://k@oops.example.com/7").orgId()).isEmpty();
    }

    @Test
    void authHeaderNamesKeyVersionAndClientButNeverTheSecret() {
        Dsn dsn = Dsn.parse("https://pub:TOPSECRET@o1.ingest.sentry.io/42");
        assertThat(dsn.authHeader("sentry.java.jakarta/0.1.0"))
                .isEqualTo("Sentry sentry_key=pub, sentry_version=7, sentry_client=sentry.java.jakarta/0.1.0");
        assertThat(dsn.toString()).doesNotContain("TOPSECRET");
    }

    @Test
    void anOutOfRangePortFailsAtStartUpInOneLineNamingTheKeyAndTheDsnWithoutItsSecret() {
        assertThatThrownBy(() -> SentryOptions.builder().dsn("https://pub:TOPSECRET@o1.ingest.sentry.io:99999/42"))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("Invalid value for sentry.dsn: 'https://pub:***@o1.ingest.sentry.io:99999/42'; allowed: "
                        + "scheme://public_key@host[:port]/[path/]project_id (the DSN port must be from 1 to 65535)");
    }

    @Test
    void redactionHidesTheSecretWhateverTheShapeOfTheText() {
        assertThat(Dsn.redact("https://pub:TOP/SE@CRET@host:1/42")).isEqualTo("https://pub:***@host:1/42");
        assertThat(Dsn.redact("pub:TOPSECRET@host/42")).isEqualTo("pub:***@host/42");
        assertThat(Dsn.redact("https://pub@host:9000/42")).isEqualTo("https://pub@host:9000/42");
        assertThat(Dsn.redact("https://host:9000/42")).isEqualTo("https://host:9000/42");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a uri", "ftp://k@h/1", "https://h/1", "https://:TOPSECRET@h/1", "https://k:TOPSECRET@h/", "https://k:TOPSECRET@h/a-b",
        "https://k:TOPSECRET@h:99999/1", "https://k:TOPSECRET@h:0/1", "http://k:TOPSECRET@bad_host/1"})
    void malformedDsnIsRejectedWithoutQuotingIt(String value) {
        assertThatThrownBy(() -> Dsn.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("TOPSECRET"));
        assertThatThrownBy(() -> SentryOptions.builder().dsn(value.isEmpty() ? "x" : value))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("sentry.dsn")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("TOPSECRET"));
    }
}
