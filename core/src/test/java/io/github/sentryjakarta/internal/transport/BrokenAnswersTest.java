package io.github.sentryjakarta.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.envelope.TestTraces;
import io.github.sentryjakarta.testreceiver.BrokenSentry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Answers below HTTP: what the transport makes of them, and what of them reaches the application's log. */
class BrokenAnswersTest {

    private static Exchange exchange(String dsn, Duration requestTimeout) {
        SentryOptions options = TestTraces.options(dsn).requestTimeout(requestTimeout).build();
        return new Exchange(options, task -> {
            Thread thread = new Thread(task);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Test
    void aGarbageAnswerFailsTheRequestAndItsBytesReachTheLogOnlyEscaped() {
        try (BrokenSentry sentry = BrokenSentry.start(BrokenSentry.Answer.GARBAGE)) {
            Exchange exchange = exchange(sentry.dsn(), Duration.ofSeconds(5));

            Exchange.Result result = exchange.post(new byte[] {1, 2, 3}, null);
            exchange.close();

            assertThat(result.outcome()).isEqualTo(Exchange.Outcome.FAILED);
            assertThat(result.why()).contains("\\u0015\\u0003").doesNotContainPattern("[\\x00-\\x1f\\x7f]");
        }
    }

    @Test
    void aBlackHoleAndATrickleEndAtTheRequestTimeout() {
        for (BrokenSentry.Answer answer : new BrokenSentry.Answer[] {BrokenSentry.Answer.BLACK_HOLE, BrokenSentry.Answer.TRICKLE}) {
            try (BrokenSentry sentry = BrokenSentry.start(answer)) {
                Exchange exchange = exchange(sentry.dsn(), Duration.ofMillis(500));
                long start = System.nanoTime();

                Exchange.Result result = exchange.post(new byte[] {1, 2, 3}, null);
                exchange.close();

                assertThat(result.outcome()).as(answer.name()).isEqualTo(
                        answer == BrokenSentry.Answer.TRICKLE ? Exchange.Outcome.DELIVERED : Exchange.Outcome.FAILED);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as(answer.name()).isLessThan(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void longTextFromTheNetworkIsShortenedAndControlCharactersEscaped() {
        String escaped = Exchange.escape("line\r\nInjected: yes" + "x".repeat(1000));

        assertThat(escaped).startsWith("line\\u000d\\u000aInjected: yes").hasSizeLessThan(240).endsWith("...(1019 chars)");
    }
}
