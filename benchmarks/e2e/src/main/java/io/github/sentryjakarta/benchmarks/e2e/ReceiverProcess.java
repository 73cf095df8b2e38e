package io.github.sentryjakarta.benchmarks.e2e;

import io.github.sentryjakarta.testing.HttpsEndpoint;
import io.github.sentryjakarta.testing.SelfSignedKeyStore;
import io.github.sentryjakarta.testreceiver.CountingReceiver;
import io.github.sentryjakarta.testreceiver.Envelope;
import io.github.sentryjakarta.testreceiver.Item;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The receiver JVM, with one of three receivers ({@code -De2e.receiver}): {@code counting} (the default), the
 * project's {@link CountingReceiver}, which counts spans without parsing and parses only client reports, as
 * light as a stand-in for Sentry can be on the application's own cores; {@code strict}, its
 * {@link SentryReceiver}, which parses and checks every envelope as in the tests (and forgets them every
 * 200 ms so that a long run does not keep them), at 2–4× the CPU of the library's own threads per request;
 * {@code https}, core's test {@link HttpsEndpoint} counting as {@code counting} does, over TLS as sentry.io
 * is reached, with the certificate of the key store {@code -De2e.keystore}.
 * Talks to the driver over stdin/stdout: prints {@code READY <dsn>}; answers {@code totals} with
 * {@code TOTALS <spans> <rejections> [reason=quantity...]} (spans in span items and transactions, client-report
 * quantities of category {@code span} by reason), {@code cpu} with {@code CPU <nanos>} (this JVM's CPU time: on
 * one machine the receiver's parsing takes cores the application would otherwise have) and {@code reset} by zeroing
 * the counts.
 */
public final class ReceiverProcess {

    private long spans;
    private final Map<String, Long> discarded = new TreeMap<>();
    /** The counting receiver's span count at the last take: it counts from its start. */
    private long countedBefore;

    private ReceiverProcess() {
    }

    /**
     * One of the receivers: where the application sends, what arrived, and the server to stop.
     *
     * @param drainInto adds what arrived since the last call to the counts
     * @param rejections the requests refused
     */
    private record Source(String dsn, Consumer<ReceiverProcess> drainInto, IntSupplier rejections, AutoCloseable server)
            implements AutoCloseable {
        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    /** @param args ignored */
    public static void main(String[] args) throws Exception {
        ReceiverProcess counts = new ReceiverProcess();
        try (Source source = source(System.getProperty("e2e.receiver", "counting"))) {
            Runnable take = () -> source.drainInto().accept(counts);
            ScheduledExecutorService drain = Executors.newSingleThreadScheduledExecutor();
            drain.scheduleWithFixedDelay(take, 200, 200, TimeUnit.MILLISECONDS);
            System.out.println("READY " + source.dsn());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("stop")) {
                if (line.equals("totals")) {
                    take.run();
                    System.out.println(counts.totals(source.rejections().getAsInt()));
                } else if (line.equals("cpu")) {
                    System.out.println("CPU " + ((com.sun.management.OperatingSystemMXBean)
                            ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime());
                } else if (line.equals("reset")) {
                    take.run();
                    counts.reset();
                    System.out.println("RESET");
                }
                System.out.flush();
            }
            drain.shutdownNow();
        }
    }

    private static Source source(String kind) throws Exception {
        switch (kind) {
            case "strict" -> {
                SentryReceiver receiver = SentryReceiver.start();
                return new Source(receiver.dsn(), counts -> counts.take(receiver), () -> receiver.rejections().size(),
                        receiver);
            }
            case "https" -> {
                HttpsEndpoint endpoint = HttpsEndpoint.counting(
                        new SelfSignedKeyStore(Path.of(System.getProperty("e2e.keystore"))));
                return new Source(endpoint.dsn(), counts -> counts.takeCounted(endpoint.spans(),
                        endpoint.takeClientReports()), () -> (int) endpoint.refused(), endpoint);
            }
            default -> {
                CountingReceiver receiver = new CountingReceiver(Duration.ZERO);
                return new Source(receiver.dsn(), counts -> counts.takeCounted(receiver.spans(),
                        receiver.takeClientReports()), () -> 0, receiver);
            }
        }
    }

    private synchronized void take(SentryReceiver receiver) {
        for (Envelope envelope : receiver.takeEnvelopes()) {
            for (Item item : envelope.items()) {
                switch (item.type()) {
                    case "span" -> spans += item.header().getInt("item_count");
                    case "transaction" -> spans += 1 + item.json().getJsonArray("spans").size();
                    case "client_report" -> countDiscarded(item.json());
                    default -> {
                    }
                }
            }
        }
    }

    /** @param spansSoFar a counting receiver's spans since its start; @param reports its new client reports */
    private synchronized void takeCounted(long spansSoFar, List<Item> reports) {
        spans += spansSoFar - countedBefore;
        countedBefore = spansSoFar;
        reports.forEach(report -> countDiscarded(report.json()));
    }

    private void countDiscarded(JsonObject report) {
        if (report.getJsonArray("discarded_events") == null) {
            return;
        }
        for (JsonValue value : report.getJsonArray("discarded_events")) {
            JsonObject entry = value.asJsonObject();
            // Every lost span is counted in category "span", also a transaction's (which adds one "transaction").
            if (entry.getString("category").equals("span")) {
                discarded.merge(entry.getString("reason"), ((JsonNumber) entry.get("quantity")).longValue(), Long::sum);
            }
        }
    }

    private synchronized String totals(int rejections) {
        StringBuilder out = new StringBuilder("TOTALS ").append(spans).append(' ').append(rejections);
        discarded.forEach((reason, n) -> out.append(' ').append(reason).append('=').append(n));
        return out.toString();
    }

    private synchronized void reset() {
        spans = 0;
        discarded.clear();
    }
}
