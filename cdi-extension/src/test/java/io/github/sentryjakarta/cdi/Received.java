package io.github.sentryjakarta.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.testreceiver.SentryReceiver;
import io.github.sentryjakarta.testreceiver.SpanJson;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Reads what the test receiver got. */
final class Received {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Received() {
    }

    /** Waits for a span matching {@code filter} and returns it. */
    static JsonObject span(SentryReceiver receiver, Predicate<JsonObject> filter) {
        boolean arrived = receiver.await(r -> r.spans().stream().anyMatch(filter), TIMEOUT);
        assertThat(arrived).as("span arrived; received %s", receiver.spans()).isTrue();
        return receiver.spans().stream().filter(filter).findFirst().orElseThrow();
    }

    /** Waits for the span named {@code name}. */
    static JsonObject span(SentryReceiver receiver, String name) {
        return span(receiver, named(name));
    }

    /** Waits until the trace's segment (the span with {@code is_segment}) arrived, then returns all its spans. */
    static List<JsonObject> trace(SentryReceiver receiver, String traceId) {
        span(receiver, s -> traceId.equals(s.getString("trace_id")) && s.getBoolean("is_segment", false));
        return inTrace(receiver, traceId);
    }

    static List<JsonObject> inTrace(SentryReceiver receiver, String traceId) {
        return receiver.spans().stream().filter(s -> traceId.equals(s.getString("trace_id"))).toList();
    }

    static Predicate<JsonObject> named(String name) {
        return s -> name.equals(s.getString("name"));
    }

    /** @return the value of an attribute as a string, if present */
    static Optional<String> attribute(JsonObject span, String key) {
        return Optional.ofNullable(SpanJson.attr(span, key));
    }

    static String parent(JsonObject span) {
        return span.containsKey("parent_span_id") && !span.isNull("parent_span_id")
                ? span.getString("parent_span_id") : null;
    }
}
