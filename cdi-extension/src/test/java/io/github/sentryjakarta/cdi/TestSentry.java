package io.github.sentryjakarta.cdi;

import io.github.sentryjakarta.integration.Instrumentation;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Sentry side of a test that starts its own containers: a test receiver, and the MicroProfile Config that points
 * the library at it (its DSN, every trace sampled) with the test's own keys over that. Closing it releases the config,
 * stops the receiver and leaves the test thread without trace state, so the next test starts clean: registered as
 * an instance field's extension it closes after each test, or a test class closes it itself.
 */
final class TestSentry implements AfterEachCallback, AutoCloseable {

    private final SentryReceiver receiver = SentryReceiver.start();
    private TestConfig config;

    SentryReceiver receiver() {
        return receiver;
    }

    /**
     * Installs the config: {@code sentry.dsn} of the receiver and {@code sentry.traces-sample-rate} 1.0, then the
     * given keys and values.
     *
     * @param keyValues keys and values, alternating; a {@code null} value removes the key
     */
    void configure(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        values.put("sentry.dsn", receiver.dsn());
        values.put("sentry.traces-sample-rate", "1.0");
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                values.remove(keyValues[i]);
            } else {
                values.put(keyValues[i], keyValues[i + 1]);
            }
        }
        config = TestConfig.with(values);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        if (config != null) {
            config.close();
        }
        receiver.close();
        Instrumentation.installed().clearThread();
    }
}
