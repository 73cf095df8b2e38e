package io.github.sentryjakarta.testreceiver;

import static io.github.sentryjakarta.testreceiver.EnvelopeBuilder.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CountingReceiverTest {

    private final CountingReceiver receiver = new CountingReceiver(Duration.ZERO);

    @AfterEach
    void close() {
        receiver.close();
    }

    private URI endpoint() {
        return URI.create(receiver.dsn().replace("publickey@", "").replace("/42", "/api/42/envelope/"));
    }

    @Test
    void countsSpansOfEveryEnvelopeAndKeepsOnlyTheClientReportsParsed() throws Exception {
        byte[] spansAndReport = envelope().spanItem("a939e9311a1a31c8", "a707f42eec04b92a")
                .itemUntilNewline("{\"type\":\"client_report\"}", EnvelopeBuilder.clientReport("queue_overflow", "span", 3))
                .bytes();
        byte[] oneSpan = envelope().spanItem("b0e6f15b45c36b12").bytes();

        assertThat(Post.status(endpoint(), spansAndReport)).isEqualTo(200);
        assertThat(Post.status(endpoint(), oneSpan)).isEqualTo(200);

        assertThat(receiver.spans()).isEqualTo(3);
        assertThat(receiver.envelopes()).isEqualTo(2);
        assertThat(receiver.takeClientReports()).singleElement().satisfies(report -> {
            assertThat(report.json().getJsonArray("discarded_events").getJsonObject(0).getString("reason"))
                    .isEqualTo("queue_overflow");
            assertThat(report.json().getJsonArray("discarded_events").getJsonObject(0).getInt("quantity"))
                    .isEqualTo(3);
        });
        assertThat(receiver.takeClientReports()).as("taken once").isEmpty();
    }
}
