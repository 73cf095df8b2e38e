package io.github.sentryjakarta.internal.envelope;

import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.propagation.Dsc;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.span.SpanData;
import io.github.sentryjakarta.internal.error.EventDraft;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes Sentry envelopes (SPEC §9) as bytes: span v2 items for the stream lifecycle, transaction events for
 * the static one, error events, client reports, each by its own item writer into hand-written JSON. Each
 * item's payload is written first and its header after it, which is how the header can carry the payload's exact byte
 * {@code length}. One instance is not thread-safe: the encoding worker owns it.
 */
public final class EnvelopeEncoder {

    /** Relay's bound for one span container. */
    public static final int MAX_SPANS_PER_ITEM = 1000;
    /** SPEC §7: no envelope over 10 MB. */
    public static final int MAX_ENVELOPE_BYTES = 10_000_000;

    private static final byte NEWLINE = EnvelopeHeader.NEWLINE;
    private static final byte COMMA = ',';
    /** Generous room for a span item's header and newlines, so a size check made before writing them never falls short. */
    private static final int ITEM_OVERHEAD = 256;
    /** The span buffer is kept between calls up to this size (1000 spans of 2 KB fit); a larger one is let go. */
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int BUFFER_KEEP_LIMIT = 4 << 20;

    private final Resource resource;
    private final SpanV2Item spanItem;
    private final EnvelopeHeader envelopeHeader = new EnvelopeHeader();
    /** Reused for the spans of each {@link #spans} call. */
    private JsonBuffer items = new JsonBuffer(BUFFER_SIZE, true);

    /** @param options where environment, release, dist and server name come from */
    public EnvelopeEncoder(SentryOptions options) {
        this.resource = Resource.of(options);
        this.spanItem = new SpanV2Item(resource);
    }

    /**
     * Writes the spans of one trace: items of at most {@value #MAX_SPANS_PER_ITEM} spans, split across
     * envelopes so that none exceeds {@value #MAX_ENVELOPE_BYTES} bytes. A span that cannot fit in any
     * envelope is left out; the caller sees it in the difference of the span counts.
     *
     * <p>Every span is written once, by hand, straight into {@link #items} after the previous one; its size is
     * the buffer's growth. Items and envelope are assembled from there into one exact array at the end of each
     * envelope. Only a span that opens the next envelope is moved.
     *
     * @param dsc the {@code trace} header, or {@code null} for none
     * @param report drop counts to add as a client report item to the first envelope; may be empty
     */
    public List<EncodedEnvelope> spans(Dsc dsc, List<SpanData> spans, List<ClientReports.Discard> report) {
        byte[] header = envelopeHeader.line(null, dsc);
        byte[] reportItem = report.isEmpty() ? null : ClientReportItem.write(report);
        List<EncodedEnvelope> out = new ArrayList<>();
        JsonBuffer buffer = items;
        buffer.reset();
        List<SpanItem> closed = new ArrayList<>();
        // the envelope without its open item: header, newline, client report, closed items
        int envelopeBytes = header.length + 1 + (reportItem == null ? 0 : reportItem.length);
        byte[] envelopeReportItem = reportItem;
        List<ClientReports.Discard> envelopeReport = report;
        int itemStart = 0;
        int itemSpans = 0;
        try {
            for (SpanData span : spans) {
                if (span == null) {
                    continue;
                }
                if (itemSpans == MAX_SPANS_PER_ITEM) {
                    SpanItem item = spanItem(itemStart, buffer.size(), itemSpans);
                    closed.add(item);
                    envelopeBytes += item.bytes();
                    itemStart = buffer.size();
                    itemSpans = 0;
                }
                int mark = buffer.size();
                if (itemSpans > 0) {
                    buffer.write(COMMA);
                }
                int spanStart = buffer.size();
                spanItem.span(buffer, span);
                int length = buffer.size() - spanStart;
                if (header.length + ITEM_OVERHEAD + length > MAX_ENVELOPE_BYTES) {
                    buffer.truncate(mark);
                    continue;
                }
                if (envelopeBytes + ITEM_OVERHEAD + (spanStart - itemStart) + length > MAX_ENVELOPE_BYTES) {
                    if (itemSpans > 0) {
                        closed.add(spanItem(itemStart, mark, itemSpans));
                    }
                    addIfNotEmpty(out, header, envelopeReportItem, closed, envelopeReport);
                    buffer.moveToStart(spanStart);
                    closed.clear();
                    envelopeBytes = header.length + 1;
                    envelopeReportItem = null;
                    envelopeReport = List.of();
                    itemStart = 0;
                    itemSpans = 0;
                }
                itemSpans++;
            }
            if (itemSpans > 0) {
                closed.add(spanItem(itemStart, buffer.size(), itemSpans));
            }
            addIfNotEmpty(out, header, envelopeReportItem, closed, envelopeReport);
        } finally {
            if (buffer.capacity() > BUFFER_KEEP_LIMIT) {
                items = new JsonBuffer(BUFFER_SIZE, true);
            }
        }
        return out;
    }

    /** One closed span item: its header, and where its comma-separated spans lie in {@link #items}. */
    private record SpanItem(byte[] header, int start, int end, int spans) {

        /** @return the bytes the item takes in the envelope, newlines included */
        int bytes() {
            return header.length + 1 + SpanV2Item.PAYLOAD_START.length + (end - start) + SpanV2Item.PAYLOAD_END.length + 1;
        }
    }

    private static SpanItem spanItem(int start, int end, int spans) {
        return new SpanItem(SpanV2Item.header(spans, end - start), start, end, spans);
    }

    private void addIfNotEmpty(List<EncodedEnvelope> out, byte[] header, byte[] reportItem, List<SpanItem> spanItems,
            List<ClientReports.Discard> report) {
        if (reportItem == null && spanItems.isEmpty()) {
            return;
        }
        int size = header.length + 1 + (reportItem == null ? 0 : reportItem.length);
        int spans = 0;
        for (SpanItem item : spanItems) {
            size += item.bytes();
            spans += item.spans();
        }
        byte[] envelope = new byte[size];
        int at = put(envelope, 0, header, 0, header.length);
        envelope[at++] = NEWLINE;
        if (reportItem != null) {
            at = put(envelope, at, reportItem, 0, reportItem.length);
        }
        byte[] buffer = items.array();
        for (SpanItem item : spanItems) {
            at = put(envelope, at, item.header(), 0, item.header().length);
            envelope[at++] = NEWLINE;
            at = put(envelope, at, SpanV2Item.PAYLOAD_START, 0, SpanV2Item.PAYLOAD_START.length);
            at = put(envelope, at, buffer, item.start(), item.end() - item.start());
            at = put(envelope, at, SpanV2Item.PAYLOAD_END, 0, SpanV2Item.PAYLOAD_END.length);
            envelope[at++] = NEWLINE;
        }
        out.add(new EncodedEnvelope(envelope, spans, 0, report));
    }

    private static int put(byte[] into, int at, byte[] from, int offset, int length) {
        System.arraycopy(from, offset, into, at, length);
        return at + length;
    }

    /**
     * Writes one transaction event (SPEC §8).
     *
     * @param report drop counts to add as a client report item; may be empty
     */
    public EncodedEnvelope transaction(Dsc dsc, SpanData segment, List<SpanData> children,
            List<ClientReports.Discard> report) {
        String eventId = eventId();
        ByteArrayOutputStream envelope = new ByteArrayOutputStream(8192);
        envelope.writeBytes(envelopeHeader.line(eventId, dsc));
        envelope.write(NEWLINE);
        if (!report.isEmpty()) {
            envelope.writeBytes(ClientReportItem.write(report));
        }
        envelope.writeBytes(TransactionItem.write(eventId, resource, segment, children));
        int spans = 1;
        for (SpanData child : children) {
            spans += child == null ? 0 : 1;
        }
        return new EncodedEnvelope(envelope.toByteArray(), spans, 1, report);
    }

    /** Writes one error event, alone in its envelope (no client report rides on it: a hook may drop events). */
    public EncodedEnvelope event(Dsc dsc, EventDraft draft) {
        ByteArrayOutputStream envelope = new ByteArrayOutputStream(16 * 1024);
        envelope.writeBytes(envelopeHeader.line(draft.eventId(), dsc));
        envelope.write(NEWLINE);
        envelope.writeBytes(EventItem.write(resource, draft));
        return new EncodedEnvelope(envelope.toByteArray(), 0, 0, List.of(), 1);
    }

    /** Writes an envelope that carries only a client report. */
    public static EncodedEnvelope clientReport(List<ClientReports.Discard> report) {
        ByteArrayOutputStream envelope = new ByteArrayOutputStream(512);
        envelope.writeBytes(new EnvelopeHeader().line(null, null));
        envelope.write(NEWLINE);
        envelope.writeBytes(ClientReportItem.write(report));
        return new EncodedEnvelope(envelope.toByteArray(), 0, 0, report);
    }

    /** Unix seconds with microsecond precision, the text {@link JsonBuffer#seconds} writes. */
    static BigDecimal seconds(long epochNanos) {
        return BigDecimal.valueOf(Math.floorDiv(epochNanos, 1000L), 6);
    }

    private static String eventId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("%016x%016x", random.nextLong(), random.nextLong());
    }
}
