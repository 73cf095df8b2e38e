package io.github.sentryjakarta.testing;

import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.RuntimeAssembler;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up of every end-to-end test: a test receiver started before each test, the runtime the test starts
 * against it, and both closed after the test, the runtime first so that what it still holds is sent. Register it
 * with {@code @RegisterExtension final ReceiverAndRuntime sentry = new ReceiverAndRuntime();}.
 */
public final class ReceiverAndRuntime implements BeforeEachCallback, AfterEachCallback {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private SentryReceiver receiver;
    private SentryRuntime runtime;

    /** @return the receiver of the running test */
    public SentryReceiver receiver() {
        return receiver;
    }

    /**
     * Starts the runtime as a plain-Java application does ({@link RuntimeAssembler}), sending to the receiver.
     *
     * @param options the options; their DSN becomes the receiver's
     * @return the runtime, closed after the test
     */
    public SentryRuntime start(SentryOptions.Builder options) {
        return closeAfterTest(RuntimeAssembler.start(options.dsn(receiver.dsn()).build()));
    }

    /**
     * Closes a runtime the test assembled itself after the test.
     *
     * @param started the runtime
     * @return {@code started}
     */
    public SentryRuntime closeAfterTest(SentryRuntime started) {
        runtime = started;
        return started;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        receiver = SentryReceiver.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (runtime != null) {
                runtime.clearThread();
                runtime.close(CLOSE_TIMEOUT);
            }
        } finally {
            runtime = null;
            receiver.close();
        }
    }
}
