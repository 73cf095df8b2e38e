package io.github.sentryjakarta.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.testreceiver.ReceivedSpan;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Waits for and finds spans among what the test receiver got. */
final class Received {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Received() {
    }

    /** Waits for a span matching {@code filter} and returns it. */
    static ReceivedSpan span(SentryReceiver receiver, Predicate<ReceivedSpan> filter) {
        boolean arrived = receiver.await(r -> r.receivedSpans().stream().anyMatch(filter), TIMEOUT);
        assertThat(arrived).as("span arrived; received %s", receiver.receivedSpans()).isTrue();
        return receiver.receivedSpans().stream().filter(filter).findFirst().orElseThrow();
    }

    /** Waits for the span named {@code name}. */
    static ReceivedSpan span(SentryReceiver receiver, String name) {
        return span(receiver, named(name));
    }

    /** Waits until the trace's segment (the span with {@code is_segment}) arrived, then returns all its spans. */
    static List<ReceivedSpan> trace(SentryReceiver receiver, String traceId) {
        span(receiver, s -> traceId.equals(s.traceId()) && s.segment());
        return inTrace(receiver, traceId);
    }

    static List<ReceivedSpan> inTrace(SentryReceiver receiver, String traceId) {
        return receiver.receivedSpans().stream().filter(s -> traceId.equals(s.traceId())).toList();
    }

    static Predicate<ReceivedSpan> named(String name) {
        return s -> name.equals(s.name());
    }

    /** @return the value of an attribute as a string, if present */
    static Optional<String> attribute(ReceivedSpan span, String key) {
        return Optional.ofNullable(span.attrText(key));
    }
}
