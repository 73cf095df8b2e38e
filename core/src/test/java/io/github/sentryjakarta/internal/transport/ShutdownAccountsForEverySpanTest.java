package io.github.sentryjakarta.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.envelope.EncodingQueue;
import io.github.sentryjakarta.internal.envelope.TestTraces;
import io.github.sentryjakarta.testreceiver.Behavior;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Shutdown while requests hang at a Sentry that answers only after a minute, with more envelopes queued behind
 * them: every span created is either received, or in a client report that arrived, or in the one WARN line that
 * carries what no report can; the envelopes abandoned in flight are named at WARN too. (The soak once found 384
 * spans in 81 000 in none of these.)
 */
class ShutdownAccountsForEverySpanTest {

    private static final int MAX_REQUESTS = 2;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern UNREPORTED = Pattern.compile("no client report can carry any more \\([^)]*\\): (\\d+) spans,");
    private static final Pattern ABANDONED = Pattern.compile("abandoned (\\d+) envelopes \\((\\d+) spans\\) still in flight");

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Logger library = Logger.getLogger("io.github.sentryjakarta");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureWarnings() {
        library.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        library.removeHandler(capture);
    }

    @RepeatedTest(3)
    void spansInFlightAndQueuedAtAShortShutdownAreCountedAndLogged() {
        try (SentryReceiver receiver = SentryReceiver.start()) {
            SentryOptions options = TestTraces.options(receiver.dsn()).maxRequests(MAX_REQUESTS).build();
            ClientReports reports = new ClientReports();
            EncodingQueue transport = new EncodingQueue(options, reports, new HttpTransport(options, reports, null), null);
            long created = 0;

            // delivered while Sentry is healthy
            for (int i = 0; i < 3; i++) {
                TestTraces.Trace trace = TestTraces.trace("GET /healthy", 4);
                transport.enqueueSpans(trace.dsc(), trace.spans());
                created += trace.spans().size();
            }
            assertThat(transport.flush(WAIT)).isTrue();
            int healthyRequests = receiver.requestCount();

            // then every answer takes a minute: the first envelopes hang in flight, the others queue behind them
            receiver.respondWith(Behavior.latency(Duration.ofMinutes(1)));
            for (int inFlight = 1; inFlight <= MAX_REQUESTS; inFlight++) {
                TestTraces.Trace trace = TestTraces.trace("GET /hanging", 7);
                transport.enqueueSpans(trace.dsc(), trace.spans());
                created += trace.spans().size();
                int expected = healthyRequests + inFlight;
                assertThat(receiver.await(r -> r.requestCount() >= expected, WAIT)).as("request %d read", expected).isTrue();
            }
            for (int i = 0; i < 5; i++) {
                TestTraces.Trace trace = TestTraces.trace("GET /queued", 3);
                transport.enqueueSpans(trace.dsc(), trace.spans());
                created += trace.spans().size();
            }

            transport.close(Duration.ofMillis(500));
            receiver.close(); // the hanging requests are never answered, so never accepted

            long received = receiver.spans().size();
            long reported = Arrays.stream(DiscardReason.values())
                    .mapToLong(reason -> receiver.discarded(reason.wireName(), "span")).sum();
            long logged = warnings.stream().map(UNREPORTED::matcher).filter(Matcher::find)
                    .mapToLong(m -> Long.parseLong(m.group(1))).sum();
            assertThat(received + reported + logged).as("received %d + reported %d + logged %d, warnings %s", received,
                    reported, logged, warnings).isEqualTo(created);
            assertThat(received).isEqualTo(15);
            assertThat(warnings.stream().map(ABANDONED::matcher).filter(Matcher::find).map(m -> m.group(1) + "/" + m.group(2)))
                    .as("in-flight envelopes named at WARN: %s", warnings).containsExactly(MAX_REQUESTS + "/16");
        }
    }
}
