package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.integration.TraceLifecycle;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A user's {@code BeforeSendSpan} or {@code BeforeSendEvent} that never returns holds a library thread, never the
 * application's: spans still end at once, errors are still captured at once, and shutdown still returns within
 * its timeout.
 */
class BlockingCallbacksTest {

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a callback run on the caller's thread hangs it
    void callbacksThatNeverReturnBlockNeitherRequestsNorShutdown() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (SentryReceiver receiver = SentryReceiver.start()) {
            SentryRuntime runtime = RuntimeAssembler.start(SentryOptions.builder().dsn(receiver.dsn())
                    .tracesSampleRate(1.0).traceLifecycle(TraceLifecycle.STREAM)
                    .beforeSendSpan(span -> await(never))
                    .beforeSendEvent(event -> {
                        await(never);
                        return true;
                    }).build());
            try {
                long start = System.nanoTime();
                for (int i = 0; i < 2000; i++) {
                    try (Span span = runtime.startSpan("request " + i)) {
                        span.setAttribute("i", (long) i);
                        if (i % 100 == 0) {
                            runtime.captureException(new IllegalStateException("boom " + i));
                        }
                    }
                }
                assertThat(Duration.ofNanos(System.nanoTime() - start))
                        .as("2000 spans and 20 errors with stuck callbacks").isLessThan(Duration.ofSeconds(10));
            } finally {
                long closing = System.nanoTime();
                runtime.close(Duration.ofSeconds(2));
                assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("shutdown bounded by its timeout")
                        .isLessThan(Duration.ofSeconds(10));
                never.countDown();
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(1, TimeUnit.HOURS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
