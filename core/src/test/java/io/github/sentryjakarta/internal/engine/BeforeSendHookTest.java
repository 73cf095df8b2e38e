package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.testing.InMemorySpanProcessor;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.span.BeforeSendHook;
import io.github.sentryjakarta.internal.span.SpanData;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.Span;
import org.junit.jupiter.api.Test;

class BeforeSendHookTest {

    private final InMemorySpanProcessor processor = new InMemorySpanProcessor();

    private SpanData finished(SentryRuntime runtime) {
        try (Span span = runtime.startSpan("SELECT * FROM users WHERE id = 42")) {
            span.setAttribute("db.statement", "secret");
            span.setAttribute("keep", 1L);
        }
        return processor.spans().get(0);
    }

    @Test
    void hookRenamesAndEditsACopyLeavingTheSnapshotUnchanged() {
        SentryOptions options = SentryOptions.builder().dsn("http://k@127.0.0.1:9/1").tracesSampleRate(1.0)
                .beforeSendSpan(s -> {
                    s.setName("SELECT FROM users");
                    s.removeAttribute("db.statement");
                    s.setAttribute("scrubbed", true);
                }).build();
        SpanData original = finished(new SentryRuntime(options, new ClientReports(), processor));
        SpanData sent = new BeforeSendHook(options).apply(original);
        assertThat(sent.name()).isEqualTo("SELECT FROM users");
        assertThat(sent.attributes().toMap()).containsEntry("scrubbed", true).containsEntry("keep", 1L)
                .doesNotContainKey("db.statement");
        assertThat(sent.spanId()).isEqualTo(original.spanId());
        assertThat(original.name()).isEqualTo("SELECT * FROM users WHERE id = 42");
        assertThat(original.attributes().get("db.statement")).isEqualTo("secret");
    }

    @Test
    void throwingHookSendsTheSpanUnchanged() {
        SentryOptions options = SentryOptions.builder().dsn("http://k@127.0.0.1:9/1").tracesSampleRate(1.0)
                .beforeSendSpan(s -> {
                    s.setName("half-done");
                    throw new IllegalStateException("user bug");
                }).build();
        SpanData original = finished(new SentryRuntime(options, new ClientReports(), processor));
        assertThat(new BeforeSendHook(options).apply(original)).isSameAs(original);
    }
}
