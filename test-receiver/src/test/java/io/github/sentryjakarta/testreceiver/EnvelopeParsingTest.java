package io.github.sentryjakarta.testreceiver;

import static io.github.sentryjakarta.testreceiver.EnvelopeBuilder.HEADER;
import static io.github.sentryjakarta.testreceiver.EnvelopeBuilder.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvelopeParsingTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
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

        assertThatThrownBy(() -> Envelope.parse(bytes))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessageContaining("declares length 500");
    }

    @Test
    void rejectsAPayloadLongerThanItsDeclaredLength() {
        byte[] bytes = envelope().raw("{\"type\":\"transaction\",\"length\":2}\n{\"a\":1}\n").bytes();

        assertThatThrownBy(() -> Envelope.parse(bytes)).hasMessageContaining("not followed by a newline");
    }

    @Test
    void rejectsAnEnvelopeHeaderThatIsNotAnObject() {
        assertThatThrownBy(() -> Envelope.parse(utf8("[1,2]\n{\"type\":\"transaction\"}\n{}\n")))
                .hasMessageContaining("envelope header");
    }

    @Test
    void rejectsAnItemHeaderWithoutType() {
        assertThatThrownBy(() -> Envelope.parse(envelope().raw("{\"length\":2}\n{}\n").bytes()))
                .hasMessageContaining("no string \"type\"");
    }

    @Test
    void rejectsAPayloadThatIsNotJson() {
        assertThatThrownBy(() -> Envelope.parse(envelope().itemUntilNewline("{\"type\":\"transaction\"}", "{oops}").bytes()))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void rejectsNanBecauseItIsNotJson() {
        assertThatThrownBy(() -> Envelope.parse(envelope().item("{\"type\":\"transaction\"}", "{\"a\":NaN}").bytes()))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void rejectsANumberThatOverflowsADouble() {
        assertThatThrownBy(() -> Envelope.parse(envelope().item("{\"type\":\"transaction\"}", "{\"a\":1e999}").bytes()))
                .hasMessageContaining("out of range");
    }

    @Test
    void rejectsDataAfterThePayloadObject() {
        assertThatThrownBy(() -> Envelope.parse(envelope().item("{\"type\":\"transaction\"}", "{}{}").bytes()))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void rejectsDuplicateKeys() {
        assertThatThrownBy(() -> Envelope.parse(envelope().item("{\"type\":\"transaction\"}", "{\"a\":1,\"a\":2}").bytes()))
                .hasMessageContaining("Duplicate key");
    }

    @Test
    void rejectsMalformedUtf8() {
        byte[] bytes = envelope().item("{\"type\":\"transaction\"}", "{\"a\":\"xx\"}").bytes();
        bytes[bytes.length - 4] = (byte) 0xC3; // a lead byte followed by an ASCII byte

        assertThatThrownBy(() -> Envelope.parse(bytes)).hasMessageContaining("UTF-8");
    }

    @Test
    void rejectsASpanItemCountThatDisagreesWithItsSpans() {
        String header = "{\"type\":\"span\",\"item_count\":3,\"content_type\":\"application/vnd.sentry.items.span.v2+json\"}";

        assertThatThrownBy(() -> Envelope.parse(envelope().item(header, EnvelopeBuilder.spans("a939e9311a1a31c8")).bytes()))
                .hasMessageContaining("item_count is 3");
    }

    @Test
    void rejectsASpanItemWithoutTheSpanV2ContentType() {
        assertThatThrownBy(() -> Envelope.parse(envelope()
                .item("{\"type\":\"span\",\"item_count\":1}", EnvelopeBuilder.spans("a939e9311a1a31c8")).bytes()))
                .hasMessageContaining("content_type");
    }

    @Test
    void rejectsAnUnparseableSentAt() {
        String header = "{\"sent_at\":\"yesterday\"}";

        assertThatThrownBy(() -> Envelope.parse(envelope(header).spanItem("a939e9311a1a31c8").bytes()))
                .hasMessageContaining("sent_at");
    }

    @Test
    void rejectsAHeaderLineWithSurroundingWhitespace() {
        assertThatThrownBy(() -> Envelope.parse(utf8(HEADER + " \n{\"type\":\"transaction\"}\n{}\n")))
                .hasMessageContaining("compact JSON object");
    }

    @Test
    void rejectsAnEnvelopeWithoutItems() {
        assertThatThrownBy(() -> Envelope.parse(utf8(HEADER + "\n"))).hasMessageContaining("no items");
    }
}
