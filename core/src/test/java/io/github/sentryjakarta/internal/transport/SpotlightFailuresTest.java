package io.github.sentryjakarta.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.RuntimeAssembler;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Spotlight that answers with errors is said at WARN once, not silently; with {@code sentry.debug} every
 * failure is logged. A Spotlight that is not running stays a quiet DEBUG line.
 */
class SpotlightFailuresTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Logger logger = Logger.getLogger(HttpTransport.class.getName());
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getMessage() != null && record.getMessage().contains("Spotlight")) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previousLevel;
    private SentryReceiver spotlight;

    @BeforeEach
    void capture() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        spotlight = SentryReceiver.start();
    }

    @AfterEach
    void release() {
        logger.removeHandler(handler);
        logger.setLevel(previousLevel);
        spotlight.close();
    }

    /** Sends three traces to a Spotlight URL that answers 404 (a path the receiver does not serve). */
    private void sendThreeTraces(UnaryOperator<SentryOptions.Builder> config) {
        SentryRuntime runtime = RuntimeAssembler.start(config.apply(SentryOptions.builder().spotlight(true)
                .spotlightUrl("http://127.0.0.1:" + spotlight.port() + "/not-spotlight").tracesSampleRate(1.0)
                .serverName("test-host")).build());
        try {
            for (int i = 0; i < 3; i++) {
                Span span = runtime.startSpan("trace " + i);
                span.end();
                assertThat(runtime.flush(WAIT)).isTrue();
            }
        } finally {
            runtime.clearThread();
            runtime.close(Duration.ofSeconds(2));
        }
    }

    @Test
    void aSpotlightAnsweringErrorsIsWarnedAboutOnce() {
        sendThreeTraces(b -> b);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).getLevel()).isEqualTo(Level.WARNING);
        assertThat(records.get(0).getMessage()).contains("/not-spotlight", "HTTP 404");
    }

    @Test
    void withDebugEveryFailureIsLogged() {
        sendThreeTraces(b -> b.debug(true));
        assertThat(records).hasSize(3);
        assertThat(records.get(0).getLevel()).isEqualTo(Level.WARNING);
        assertThat(records.subList(1, 3)).allSatisfy(r -> assertThat(r.getLevel()).isEqualTo(Level.INFO));
    }

    @Test
    void aSpotlightThatIsNotRunningStaysQuiet() {
        int port = spotlight.port();
        spotlight.close(); // nothing listens there now
        SentryRuntime runtime = RuntimeAssembler.start(SentryOptions.builder().spotlight(true)
                .spotlightUrl("http://127.0.0.1:" + port + "/stream").tracesSampleRate(1.0).serverName("test-host").build());
        try {
            runtime.startSpan("trace").end();
            assertThat(runtime.flush(WAIT)).isTrue();
        } finally {
            runtime.clearThread();
            runtime.close(Duration.ofSeconds(2));
        }
        assertThat(records).hasSize(1);
        assertThat(records.get(0).getLevel()).isEqualTo(Level.FINE);
    }
}
