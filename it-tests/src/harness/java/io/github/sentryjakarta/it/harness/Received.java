package io.github.sentryjakarta.it.harness;

import static io.github.sentryjakarta.testreceiver.SpanJson.attr;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.testreceiver.SentryReceiver;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the {@link SentryReceiver} of a test got from the application under test, and waits on it: every wait is on a
 * condition with the {@link #SPANS} deadline, and a failed wait says what did arrive and how the application's log
 * ends.
 */
public final class Received {

    /** How long a span or transaction may take to arrive after the request that makes it answered. */
    public static final Duration SPANS = Duration.ofSeconds(15);

    private final SentryReceiver sentry;
    private final Supplier<String> logTail;

    /** @param logTail the end of the application's log, for failure messages */
    public Received(SentryReceiver sentry, Supplier<String> logTail) {
        this.sentry = sentry;
        this.logTail = logTail;
    }

    /**
     * The system properties that point an application's JVM at {@code sentry}: its DSN, a flush interval of ten
     * minutes (so that only a segment's end or the shutdown flush sends spans) and a 5 s shutdown timeout, plus
     * {@code sentry.debug} when the build runs with {@code -Dit.sentry.debug=true}. A map the caller may add to.
     */
    public static Map<String, String> systemProperties(SentryReceiver sentry) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("sentry.dsn", sentry.dsn());
        properties.put("sentry.span-buffer.flush-interval-millis", "600000");
        properties.put("sentry.shutdown-timeout-millis", "5000");
        if (Boolean.getBoolean("it.sentry.debug")) {
            properties.put("sentry.debug", "true");
        }
        return properties;
    }

    public SentryReceiver receiver() {
        return sentry;
    }

    /** The first span that matches, waiting for it. */
    public JsonObject awaitSpan(Predicate<JsonObject> match) {
        boolean found = sentry.await(r -> r.spans().stream().anyMatch(match), SPANS);
        assertThat(found).as("span within %s; received: %s; log tail:%n%s", SPANS, names(), logTail.get()).isTrue();
        return findSpan(match).orElseThrow();
    }

    /** The first span whose {@code url.path} is {@code urlPath} (a request span), waiting for it. */
    public JsonObject awaitRequest(String urlPath) {
        return awaitSpan(span -> urlPath.equals(attr(span, "url.path")));
    }

    public Optional<JsonObject> findSpan(Predicate<JsonObject> match) {
        return sentry.spans().stream().filter(match).findFirst();
    }

    /** The first transaction that matches, waiting for it. */
    public JsonObject awaitTransaction(Predicate<JsonObject> match) {
        boolean found = sentry.await(r -> r.transactions().stream().anyMatch(match), SPANS);
        assertThat(found).as("transaction within %s; received: %s", SPANS,
                sentry.transactions().stream().map(t -> t.getString("transaction")).toList()).isTrue();
        return sentry.transactions().stream().filter(match).findFirst().orElseThrow();
    }

    public List<JsonObject> spansOfTrace(String traceId) {
        return sentry.spans().stream().filter(s -> traceId.equals(s.getString("trace_id"))).toList();
    }

    /**
     * Prints what the receiver got over the test class's run, {@code [label] receiver: N envelopes, …}, so that a
     * run's log shows the volume each runtime sent.
     */
    public void printTotals(String label, long classStartNanos) {
        System.out.printf("[%s] receiver: %d envelopes, %d spans, %d transactions, %d rejections; run took %d ms%n",
                label, sentry.envelopes().size(), sentry.spans().size(), sentry.transactions().size(),
                sentry.rejections().size(), (System.nanoTime() - classStartNanos) / 1_000_000);
    }

    /** Name and {@code url.path} of every span received. */
    public List<String> names() {
        return sentry.spans().stream().map(s -> s.getString("name") + " " + attr(s, "url.path")).toList();
    }

    /** The one span of a transaction with this description. */
    public static JsonObject byDescription(List<JsonObject> spans, String description) {
        List<JsonObject> matching = spans.stream().filter(s -> description.equals(s.getString("description", null))).toList();
        assertThat(matching).as("one span %s among %s", description, spans).hasSize(1);
        return matching.get(0);
    }

    /** Random lower-case hex digits (a trace or span id of an incoming {@code sentry-trace} header). */
    public static String hex(int digits) {
        StringBuilder out = new StringBuilder();
        while (out.length() < digits) {
            out.append(Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE));
        }
        return out.substring(0, digits);
    }
}
