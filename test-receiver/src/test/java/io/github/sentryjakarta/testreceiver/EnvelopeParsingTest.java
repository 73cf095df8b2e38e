package io.github.sentryjakarta.testreceiver;

import static io.github.sentryjakarta.testreceiver.EnvelopeBuilder.HEADER;
import static io.github.sentryjakarta.testreceiver.EnvelopeBuilder.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvelopeParsingTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Asserts that Sentry would reject the envelope, for the reason the message names. */
    private static void assertRejected(byte[] envelope, String reason) {
        assertThatThrownBy(() -> Envelope.parse(envelope)).isInstanceOf(MalformedEnvelopeException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void readsLengthPrefixedAndNewlineTerminatedItemsInOrder() {
        byte[] bytes = envelope()
                .spanItem("a939e9311a1a31c8", "a707f42eec04b92a")
                .itemUntilNewline("{\"type\":\"client_report\"}", EnvelopeBuilder.clientReport("queue_overflow", "span", 3))
                .bytes();

        Envelope parsed = Envelope.parse(bytes);

        assertThat(parsed.header().getString("sent_at")).isEqualTo("2026-01-01T00:00:00.000Z");
        assertThat(parsed.items()).extracting(Item::type).containsExactly("span", "client_report");
        assertThat(parsed.items().get(0).json().getJsonArray("items")).hasSize(2);
        assertThat(parsed.items().get(1).json().getJsonArray("discarded_events")).hasSize(1);
        assertThat(parsed.size()).isEqualTo(bytes.length);
    }

    @Test
    void acceptsALastPayloadWithoutTrailingNewline() {
        Envelope parsed = Envelope.parse(envelope().spanItem("a939e9311a1a31c8").bytesWithoutFinalNewline());

        assertThat(parsed.items()).hasSize(1);
    }

    @Test
    void letsALengthPrefixedPayloadContainNewlines() {
        String pretty = "{\n\"event_id\":\"9ec79c33ec9942ab8353589fcb2e04dc\"\n}";

        Envelope parsed = Envelope.parse(envelope().item("{\"type\":\"transaction\"}", pretty).bytes());

        assertThat(parsed.items().get(0).json().getString("event_id")).isEqualTo("9ec79c33ec9942ab8353589fcb2e04dc");
    }

    @Test
    void rejectsALengthThatRunsPastTheBody() {
        byte[] bytes = envelope().raw("{\"type\":\"transaction\",\"length\":500}\n{}\n").bytes();

        assertRejected(bytes, "declares length 500");
    }

    @Test
    void rejectsAPayloadLongerThanItsDeclaredLength() {
        byte[] bytes = envelope().raw("{\"type\":\"transaction\",\"length\":2}\n{\"a\":1}\n").bytes();

        assertRejected(bytes, "not followed by a newline");
    }

    @Test
    void rejectsAnEnvelopeHeaderThatIsNotAnObject() {
        assertRejected(utf8("[1,2]\n{\"type\":\"transaction\"}\n{}\n"), "envelope header");
    }

    @Test
    void rejectsAnItemHeaderWithoutType() {
        assertRejected(envelope().raw("{\"length\":2}\n{}\n").bytes(), "no string \"type\"");
    }

    @Test
    void rejectsAPayloadThatIsNotJson() {
        assertRejected(envelope().itemUntilNewline("{\"type\":\"transaction\"}", "{oops}").bytes(), "not valid JSON");
    }

    /** Sentry's JSON is strict: what lenient parsers let through is not JSON, or not a value it can hold. */
    @ParameterizedTest(name = "rejects {0}")
    @CsvSource(delimiter = '|', textBlock = """
            NaN, which is not JSON                   | {"a":NaN}     | not valid JSON
            a number that overflows a double         | {"a":1e999}   | out of range
            data after the payload object            | {}{}          | not valid JSON
            duplicate keys                           | {"a":1,"a":2} | Duplicate key
            """)
    void rejectsAPayloadThatIsNotStrictJson(String what, String payload, String reason) {
        assertRejected(envelope().item("{\"type\":\"transaction\"}", payload).bytes(), reason);
    }

    @Test
    void rejectsMalformedUtf8() {
        byte[] bytes = envelope().item("{\"type\":\"transaction\"}", "{\"a\":\"xx\"}").bytes();
        bytes[bytes.length - 4] = (byte) 0xC3; // a lead byte followed by an ASCII byte

        assertRejected(bytes, "UTF-8");
    }

    @Test
    void rejectsASpanItemCountThatDisagreesWithItsSpans() {
        String header = "{\"type\":\"span\",\"item_count\":3,\"content_type\":\"application/vnd.sentry.items.span.v2+json\"}";

        assertRejected(envelope().item(header, EnvelopeBuilder.spans("a939e9311a1a31c8")).bytes(), "item_count is 3");
    }

    @Test
    void rejectsASpanItemWithoutTheSpanV2ContentType() {
        String header = "{\"type\":\"span\",\"item_count\":1}";

        assertRejected(envelope().item(header, EnvelopeBuilder.spans("a939e9311a1a31c8")).bytes(), "content_type");
    }

    @Test
    void rejectsAnUnparseableSentAt() {
        String header = "{\"sent_at\":\"yesterday\"}";

        assertRejected(envelope(header).spanItem("a939e9311a1a31c8").bytes(), "sent_at");
    }

    @Test
    void rejectsAHeaderLineWithSurroundingWhitespace() {
        assertRejected(utf8(HEADER + " \n{\"type\":\"transaction\"}\n{}\n"), "compact JSON object");
    }

    @Test
    void rejectsAnEnvelopeWithoutItems() {
        assertRejected(utf8(HEADER + "\n"), "no items");
    }
}
