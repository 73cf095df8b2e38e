package io.github.sentryjakarta.internal.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.internal.span.EventTraceContext;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.internal.span.SpanProcessor;
import io.github.sentryjakarta.internal.error.ErrorEvent;
import io.github.sentryjakarta.internal.error.EventPreparer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent parser: Sentry's JavaScript SDK ({@code parseEnvelope} from {@code @sentry/core}) reads
 * the envelopes we write. Runs when {@code node} is on the PATH and {@code @sentry/core} is installed in
 * {@code SENTRY_JS_DIR} (system property {@code sentry.js.dir}; default {@code .ci/node} of the project,
 * where {@code .ci/run} puts it with {@code npm install --prefix .ci/node @sentry/core}).
 */
class SentryJsParsesOurEnvelopesTest {

    @TempDir
    Path temp;

    @Test
    void sentryJavaScriptSdkParsesOurSpanAndTransactionEnvelopes() throws Exception {
        Path sentryJs = assumeSentryJs();

        SentryOptions options = TestTraces.options("https://publickey@o4501.ingest.example.com/42").build();
        EnvelopeEncoder writer = new EnvelopeEncoder(options);
        TestTraces.Trace streamed = TestTraces.trace(options, "GET /orders/{id} 🚀 ü", 1499,
                (i, span) -> span.setName("Grüße " + i + " 名前").setAttribute("tags", List.of("a", "b")));
        List<ClientReports.Discard> report = List.of(new ClientReports.Discard(DiscardReason.QUEUE_OVERFLOW, DataCategory.SPAN, 3));
        List<EncodedEnvelope> spans = writer.spans(streamed.dsc(), streamed.spans(), report);
        assertThat(spans).hasSize(1);
        TestTraces.Trace statically = TestTraces.trace("GET /orders/{id}", 2);
        EncodedEnvelope transaction = writer.transaction(statically.dsc(), statically.segment(), statically.children(), List.of());

        JsonArray summaries = parsedBySentryJs(sentryJs, spans.get(0).bytes(), transaction.bytes());

        List<JsonObject> spanItems = summaries.getJsonObject(0).getJsonArray("items").getValuesAs(JsonObject.class);
        assertThat(spanItems).extracting(item -> item.getString("type")).containsExactly("client_report", "span", "span");
        assertThat(spanItems.get(1).getInt("spans")).isEqualTo(1000);
        assertThat(spanItems.get(2).getInt("spans")).isEqualTo(500);
        assertThat(spanItems.get(1).getJsonArray("names").getString(0)).isEqualTo("Grüße 0 名前");
        assertThat(spanItems.get(2).getJsonArray("names").getString(499)).isEqualTo("GET /orders/{id} 🚀 ü");
        assertThat(spanItems.get(0).getInt("discarded")).isEqualTo(1);
        List<JsonObject> transactionItems = summaries.getJsonObject(1).getJsonArray("items").getValuesAs(JsonObject.class);
        assertThat(transactionItems).hasSize(1);
        assertThat(transactionItems.get(0).getString("type")).isEqualTo("transaction");
        assertThat(transactionItems.get(0).getString("transaction")).isEqualTo("GET /orders/{id}");
        assertThat(transactionItems.get(0).getInt("spans")).isEqualTo(2);
    }

    @Test
    void sentryJavaScriptSdkParsesOurErrorEvents() throws Exception {
        Path sentryJs = assumeSentryJs();

        SentryOptions options = TestTraces.options("https://publickey@o4501.ingest.example.com/42").build();
        SentryRuntime runtime = new SentryRuntime(options, new ClientReports(), SpanProcessor.NOOP);
        Span span = runtime.spanBuilder("GET /orders/{id} ü").op("http.server").start();
        Throwable failure = new IllegalStateException("Grüße \"quoted\"\n名前", new IOException("cause"));
        ErrorEvent event = new ErrorEvent("0123456789abcdef0123456789abcdef", System.currentTimeMillis(), failure,
                false, "auto.http.jakarta_rest.server", EventTraceContext.of(span), null, Map.of());
        byte[] envelope = new EnvelopeEncoder(options).event(EventTraceContext.of(span).dsc(),
                new EventPreparer(options, new ClientReports()).prepare(event)).bytes();
        span.end();
        runtime.clearThread();

        JsonObject item = parsedBySentryJs(sentryJs, envelope).getJsonObject(0).getJsonArray("items").getJsonObject(0);
        assertThat(item.getString("type")).isEqualTo("event");
        assertThat(item.getJsonArray("exceptions").getValuesAs(jakarta.json.JsonString.class))
                .extracting(jakarta.json.JsonString::getString).containsExactly("IOException", "IllegalStateException");
        assertThat(item.getInt("frames")).isPositive();
        assertThat(item.getString("spanId")).isEqualTo(span.spanId());
        assertThat(item.getString("traceHeader")).isEqualTo(span.traceId());
    }

    /** @return where {@code @sentry/core} is installed; skips the test where it or {@code node} is missing */
    private static Path assumeSentryJs() throws InterruptedException {
        Path sentryJs = sentryJsDir();
        Assumptions.assumeTrue(Files.isRegularFile(sentryJs.resolve("node_modules/@sentry/core/package.json")),
                "@sentry/core is not installed in " + sentryJs + " (npm install --prefix " + sentryJs + " @sentry/core)");
        Assumptions.assumeTrue(nodeAvailable(), "node is not on the PATH");
        return sentryJs;
    }

    /**
     * Has {@code parseEnvelope} of {@code @sentry/core} read the envelopes, in node.
     *
     * @return the script's summary of each envelope, in order
     */
    private JsonArray parsedBySentryJs(Path sentryJs, byte[]... envelopes) throws IOException, InterruptedException {
        Path script = temp.resolve("parse-envelopes.cjs");
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/transport/parse-envelopes.cjs"))) {
            Files.copy(in, script);
        }
        List<String> command = new ArrayList<>(List.of("node", script.toString(), sentryJs.toString()));
        for (int i = 0; i < envelopes.length; i++) {
            command.add(Files.write(temp.resolve(i + ".envelope"), envelopes[i]).toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        try (JsonReader reader = Json.createReader(new StringReader(output))) {
            return reader.readArray();
        }
    }

    private static Path sentryJsDir() {
        String configured = System.getProperty("sentry.js.dir", System.getenv("SENTRY_JS_DIR"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        // Surefire runs in the module folder; the project root holds .ci
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".ci/node"))) {
                return dir.resolve(".ci/node");
            }
        }
        return here.resolve("../.ci/node").normalize();
    }

    private static boolean nodeAvailable() throws InterruptedException {
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
