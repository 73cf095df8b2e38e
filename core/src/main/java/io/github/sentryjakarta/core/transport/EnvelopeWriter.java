package io.github.sentryjakarta.core.transport;

import io.github.sentryjakarta.core.Attributes;
import io.github.sentryjakarta.core.ClientReports;
import io.github.sentryjakarta.core.Dsc;
import io.github.sentryjakarta.core.HttpRequestData;
import io.github.sentryjakarta.core.SentryOptions;
import io.github.sentryjakarta.core.SpanData;
import io.github.sentryjakarta.core.StatusMessage;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes Sentry envelopes (SPEC §9): span v2 items for the stream lifecycle, transaction events for the
 * static one, and client reports. Runs on the sender thread only; one instance is not thread-safe.
 *
 * <p>Span items, the sender's hot path (up to 1000 spans per item, many items a second), are written by hand
 * into one reused {@link JsonBuffer}: no generator per span, no intermediate strings, the constant attributes
 * prepared once. The bytes are the same as JSON-P's reference implementation writes (a property test holds
 * escaping and numbers to that). Envelope headers, transactions and client reports, a few per envelope, go
 * through JSON-P's streaming generator. Each item's payload is written first and the header after it, which
 * is how the header can carry the payload's exact byte {@code length}.
 */
final class EnvelopeWriter {

    /** Relay's bound for one span container. */
    static final int MAX_SPANS_PER_ITEM = 1000;
    /** SPEC §7: no envelope over 10 MB. */
    static final int MAX_ENVELOPE_BYTES = 10_000_000;
    static final String SPAN_CONTENT_TYPE = "application/vnd.sentry.items.span.v2+json";

    private static final byte NEWLINE = '\n';
    private static final byte COMMA = ',';
    private static final byte[] SPAN_PAYLOAD_START = "{\"version\":2,\"items\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SPAN_PAYLOAD_END = "]}".getBytes(StandardCharsets.UTF_8);
    /** Generous room for a span item's header and newlines, so a size check made before writing them never falls short. */
    private static final int ITEM_OVERHEAD = 256;
    private static final int SCRATCH_SIZE = 4096;
    /** A buffer grown past this by one large transaction is let go rather than kept for the writer's lifetime. */
    private static final int SCRATCH_KEEP_LIMIT = 1 << 20;
    /** The span buffer is kept between calls up to this size (1000 spans of 2 KB fit); a larger one is let go. */
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int BUFFER_KEEP_LIMIT = 4 << 20;
    private static final String DEFAULT_ORIGIN = "manual";
    private static final String DEFAULT_NAME_SOURCE = "custom";
    private static final byte[] SPAN_ITEM_HEADER_START = "{\"type\":\"span\",\"item_count\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SPAN_ITEM_HEADER_MIDDLE = (",\"content_type\":\"" + SPAN_CONTENT_TYPE + "\",\"length\":")
            .getBytes(StandardCharsets.UTF_8);

    // the span object's keys, with their separators
    private static final byte[] TRACE_ID_KEY = ascii("\"trace_id\":");
    private static final byte[] SPAN_ID_KEY = ascii("\"span_id\":");
    private static final byte[] END_TIMESTAMP_KEY = ascii(",\"end_timestamp\":");
    private static final byte[] ATTRIBUTES_KEY = ascii(",\"attributes\":");
    private static final byte[] THREAD_ID_JSON = ascii(",\"thread.id\":{\"type\":\"integer\",\"value\":");
    private static final byte[] THREAD_NAME_JSON = ascii(",\"thread.name\":{\"type\":\"string\",\"value\":");
    private static final byte[] SEGMENT_ID_JSON = ascii(",\"sentry.segment.id\":{\"type\":\"string\",\"value\":");
    private static final byte[] SEGMENT_NAME_JSON = ascii(",\"sentry.segment.name\":{\"type\":\"string\",\"value\":");
    private static final byte[] PARENT_SPAN_ID_KEY = ascii(",\"parent_span_id\":");
    private static final byte[] NAME_KEY = ascii(",\"name\":");
    private static final byte[] STATUS_KEY = ascii(",\"status\":");
    private static final byte[] SEGMENT_START_KEY = ascii(",\"is_segment\":true,\"start_timestamp\":");
    private static final byte[] CHILD_START_KEY = ascii(",\"is_segment\":false,\"start_timestamp\":");

    /** The keys of the default span attributes, each with a bit of the mask of what a span sets itself. */
    private static final Map<String, Integer> DEFAULT_KEY_BITS = bits("sentry.origin", "thread.id", "thread.name",
            "sentry.segment.id", "sentry.segment.name", "sentry.segment.name.source", "sentry.trace_lifecycle",
            "sentry.sdk.name", "sentry.sdk.version", "sentry.environment", "sentry.release", "server.address",
            "sentry.platform", "process.runtime.name", "process.runtime.version", "sentry.dist");
    private static final int ORIGIN = 1;
    private static final int THREAD_ID = 1 << 1;
    private static final int THREAD_NAME = 1 << 2;
    private static final int SEGMENT_ID = 1 << 3;
    private static final int SEGMENT_NAME = 1 << 4;
    private static final int NAME_SOURCE = 1 << 5;
    private static final byte[] DEFAULT_ORIGIN_JSON = typedJson("sentry.origin", DEFAULT_ORIGIN);
    private static final byte[] DEFAULT_NAME_SOURCE_JSON = typedJson("sentry.segment.name.source", DEFAULT_NAME_SOURCE);

    private final JsonGeneratorFactory json;
    private final String sdkVersion;
    private final String environment;
    private final String release;
    private final String dist;
    private final String serverName;
    private final String runtimeName;
    private final String runtimeVersion;
    /** Span attributes that are the same on every span, as JSON; computed once. */
    private final ConstantAttribute[] constantAttributes;
    /** The same, only on segments. */
    private final ConstantAttribute[] constantSegmentAttributes;
    /** Reused for each transaction or client report payload, which is then copied out. */
    private ByteArrayOutputStream scratch = new ByteArrayOutputStream(SCRATCH_SIZE);
    /** Reused for the spans of each {@link #spans} call; sender thread only. */
    private JsonBuffer items = new JsonBuffer(BUFFER_SIZE, true);

    /**
     * @param options where environment, release, dist and server name come from
     * @throws IllegalStateException when no JSON-P implementation is available
     */
    EnvelopeWriter(SentryOptions options) {
        this(options, jsonProvider());
    }

    EnvelopeWriter(SentryOptions options, JsonProvider provider) {
        this.json = provider.createGeneratorFactory(Map.of());
        this.sdkVersion = SentryOptions.SDK_VERSION;
        this.environment = options.environment();
        this.release = options.release().orElse(null);
        this.dist = options.dist().orElse(null);
        this.serverName = options.serverName();
        this.runtimeName = systemProperty("java.vm.name", "Java");
        this.runtimeVersion = systemProperty("java.version", Runtime.version().toString());
        this.constantAttributes = constants(
                "sentry.trace_lifecycle", "stream",
                "sentry.sdk.name", SentryOptions.SDK_NAME,
                "sentry.sdk.version", sdkVersion,
                "sentry.environment", environment,
                "sentry.release", release,
                "server.address", serverName);
        this.constantSegmentAttributes = constants(
                "sentry.platform", "java",
                "process.runtime.name", runtimeName,
                "process.runtime.version", runtimeVersion,
                "sentry.dist", dist);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static Map<String, Integer> bits(String... keys) {
        Map<String, Integer> bits = new HashMap<>();
        for (int i = 0; i < keys.length; i++) {
            bits.put(keys[i], i);
        }
        return Map.copyOf(bits);
    }

    private static JsonProvider jsonProvider() {
        try {
            return JsonProvider.provider();
        } catch (RuntimeException | ServiceConfigurationError e) {
            throw new IllegalStateException("sentry-jakarta needs a Jakarta JSON Processing (JSON-P) implementation: "
                    + e.getMessage(), e);
        }
    }

    private static String systemProperty(String key, String fallback) {
        try {
            String value = System.getProperty(key);
            return value == null || value.isEmpty() ? fallback : value;
        } catch (SecurityException e) {
            return fallback;
        }
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
    List<EncodedEnvelope> spans(Dsc dsc, List<SpanData> spans, List<ClientReports.Discard> report) {
        byte[] header = envelopeHeader(null, dsc);
        byte[] reportItem = report.isEmpty() ? null : clientReportItem(report);
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
                span(buffer, span);
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
            return header.length + 1 + SPAN_PAYLOAD_START.length + (end - start) + SPAN_PAYLOAD_END.length + 1;
        }
    }

    private static SpanItem spanItem(int start, int end, int spans) {
        JsonBuffer header = new JsonBuffer(SPAN_ITEM_HEADER_START.length + 32);
        header.write(SPAN_ITEM_HEADER_START);
        header.number(spans);
        header.write(SPAN_ITEM_HEADER_MIDDLE);
        header.number(SPAN_PAYLOAD_START.length + (end - start) + SPAN_PAYLOAD_END.length);
        header.write((byte) '}');
        return new SpanItem(header.toByteArray(), start, end, spans);
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
            at = put(envelope, at, SPAN_PAYLOAD_START, 0, SPAN_PAYLOAD_START.length);
            at = put(envelope, at, buffer, item.start(), item.end() - item.start());
            at = put(envelope, at, SPAN_PAYLOAD_END, 0, SPAN_PAYLOAD_END.length);
            envelope[at++] = NEWLINE;
        }
        out.add(new EncodedEnvelope(envelope, spans, 0, report));
    }

    private static int put(byte[] into, int at, byte[] from, int offset, int length) {
        System.arraycopy(from, offset, into, at, length);
        return at + length;
    }

    /** Appends one span v2 object. */
    private void span(JsonBuffer out, SpanData span) {
        out.write((byte) '{');
        String traceId = span.traceId();
        if (traceId != null) {
            out.write(TRACE_ID_KEY);
            out.string(traceId);
            out.write(COMMA);
        }
        out.write(SPAN_ID_KEY);
        out.hexId(span.spanIdBits());
        field(out, PARENT_SPAN_ID_KEY, span.parentSpanId());
        field(out, NAME_KEY, span.name());
        field(out, STATUS_KEY, span.status() == null ? null : span.status().wireName());
        out.write(span.isSegment() ? SEGMENT_START_KEY : CHILD_START_KEY);
        out.seconds(span.startEpochNanos());
        out.write(END_TIMESTAMP_KEY);
        out.seconds(span.endEpochNanos());
        out.write(ATTRIBUTES_KEY);
        int attributesStart = out.size();
        writeSpanAttributes(out, span);
        if (out.size() == attributesStart) {
            out.ascii("{}}");
        } else {
            out.set(attributesStart, (byte) '{'); // every attribute comes with a leading comma: the first opens the object
            out.ascii("}}");
        }
    }

    private static void field(JsonBuffer out, byte[] keyWithSeparator, String value) {
        if (value != null) {
            out.write(keyWithSeparator);
            out.string(value);
        }
    }

    // The span's own attributes win: an integration that knows better (server.address of a request, the
    // name source of a route) must not be overwritten by a default. Each attribute is written with a leading
    // comma.
    private void writeSpanAttributes(JsonBuffer out, SpanData span) {
        Attributes attributes = attributes(span);
        int own = 0; // bit i: the span has a value for DEFAULT_KEYS[i]
        for (int i = 0; i < size(attributes); i++) {
            String key = attributes.key(i);
            Object value = attributes.value(i);
            AttributeJson.writeTyped(out, key, value);
            if (key != null && value != null) {
                Integer bit = DEFAULT_KEY_BITS.get(key);
                if (bit != null) {
                    own |= 1 << bit;
                }
            }
        }
        if ((own & ORIGIN) == 0) {
            out.write(DEFAULT_ORIGIN_JSON);
        }
        if ((own & THREAD_ID) == 0) {
            out.write(THREAD_ID_JSON);
            out.number(span.threadId());
            out.write((byte) '}');
        }
        if ((own & THREAD_NAME) == 0 && span.threadName() != null) {
            out.write(THREAD_NAME_JSON);
            out.string(span.threadName());
            out.write((byte) '}');
        }
        if ((own & SEGMENT_ID) == 0) {
            out.write(SEGMENT_ID_JSON);
            out.hexId(span.segmentIdBits());
            out.write((byte) '}');
        }
        if ((own & SEGMENT_NAME) == 0 && span.segmentName() != null) {
            out.write(SEGMENT_NAME_JSON);
            out.string(span.segmentName());
            out.write((byte) '}');
        }
        typedDefaults(out, own, constantAttributes);
        if (span.isSegment()) {
            if ((own & NAME_SOURCE) == 0) {
                out.write(DEFAULT_NAME_SOURCE_JSON);
            }
            typedDefaults(out, own, constantSegmentAttributes);
        }
    }

    private static void typedDefaults(JsonBuffer out, int own, ConstantAttribute[] constants) {
        for (ConstantAttribute constant : constants) {
            if ((own & constant.bit()) == 0) {
                out.write(constant.json());
            }
        }
    }

    /** A default attribute whose value never changes, ready as {@code ,"key":{"type":"string","value":"v"}}. */
    private record ConstantAttribute(int bit, byte[] json) {
    }

    private static ConstantAttribute[] constants(String... pairs) {
        List<ConstantAttribute> constants = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                constants.add(new ConstantAttribute(1 << DEFAULT_KEY_BITS.get(pairs[i]), typedJson(pairs[i], pairs[i + 1])));
            }
        }
        return constants.toArray(ConstantAttribute[]::new);
    }

    private static byte[] typedJson(String key, String value) {
        JsonBuffer json = new JsonBuffer(64);
        AttributeJson.writeTyped(json, key, value);
        return json.toByteArray();
    }

    private static void plainDefault(JsonGenerator g, Attributes attributes, String key, Object value) {
        if (value != null && get(attributes, key) == null) {
            g.writeKey(key);
            AttributeJson.writePlain(g, value);
        }
    }

    private static String string(Attributes attributes, String key, String fallback) {
        Object value = get(attributes, key);
        return value == null ? fallback : value.toString();
    }

    // SpanData always has attributes; a null is tolerated rather than trusted never to come.
    private static Attributes attributes(SpanData span) {
        return span.attributes();
    }

    private static int size(Attributes attributes) {
        return attributes == null ? 0 : attributes.size();
    }

    private static Object get(Attributes attributes, String key) {
        return attributes == null ? null : attributes.get(key);
    }

    /**
     * Writes one transaction event (SPEC §8).
     *
     * @param report drop counts to add as a client report item; may be empty
     */
    EncodedEnvelope transaction(Dsc dsc, SpanData segment, List<SpanData> children,
            List<ClientReports.Discard> report) {
        String eventId = eventId();
        ByteArrayOutputStream envelope = new ByteArrayOutputStream(8192);
        envelope.writeBytes(envelopeHeader(eventId, dsc));
        envelope.write(NEWLINE);
        if (!report.isEmpty()) {
            envelope.writeBytes(clientReportItem(report));
        }
        scratch.reset();
        int spans = 1;
        try (JsonGenerator g = json.createGenerator(scratch, StandardCharsets.UTF_8)) {
            Attributes attributes = attributes(segment);
            g.writeStartObject();
            g.write("event_id", eventId);
            g.write("type", "transaction");
            write(g, "transaction", segment.name());
            g.writeStartObject("transaction_info");
            g.write("source", string(attributes, "sentry.segment.name.source", DEFAULT_NAME_SOURCE));
            g.writeEnd();
            g.write("start_timestamp", seconds(segment.startEpochNanos()));
            g.write("timestamp", seconds(segment.endEpochNanos()));
            g.write("platform", "java");
            write(g, "environment", environment);
            write(g, "release", release);
            write(g, "dist", dist);
            write(g, "server_name", serverName);
            writeSdk(g);
            HttpRequestData request = HttpRequestData.of(attributes);
            if (request != null) {
                g.writeStartObject("request").write("method", request.method()).write("url", request.url());
                write(g, "query_string", request.query());
                g.writeEnd();
            }
            g.writeStartObject("contexts");
            if (request != null && request.statusCode() > 0) {
                g.writeStartObject("response").write("status_code", request.statusCode()).writeEnd();
            }
            g.writeStartObject("trace");
            write(g, "trace_id", segment.traceId());
            write(g, "span_id", segment.spanId());
            write(g, "parent_span_id", segment.parentSpanId());
            writeOpStatusOriginData(g, segment, attributes);
            g.writeEnd();
            g.writeStartObject("runtime");
            write(g, "name", runtimeName);
            write(g, "version", runtimeVersion);
            g.writeEnd();
            g.writeEnd();
            g.writeStartArray("spans");
            for (SpanData child : children) {
                if (child == null) {
                    continue;
                }
                spans++;
                Attributes childAttributes = attributes(child);
                g.writeStartObject();
                write(g, "trace_id", child.traceId());
                write(g, "span_id", child.spanId());
                write(g, "parent_span_id", child.parentSpanId());
                write(g, "description", child.name());
                g.write("start_timestamp", seconds(child.startEpochNanos()));
                g.write("timestamp", seconds(child.endEpochNanos()));
                writeOpStatusOriginData(g, child, childAttributes);
                g.writeEnd();
            }
            g.writeEnd();
            g.writeEnd();
        }
        byte[] payload = takeScratch();
        try (JsonGenerator g = json.createGenerator(envelope, StandardCharsets.UTF_8)) {
            g.writeStartObject().write("type", "transaction").write("length", payload.length).writeEnd();
        }
        envelope.write(NEWLINE);
        envelope.writeBytes(payload);
        envelope.write(NEWLINE);
        return new EncodedEnvelope(envelope.toByteArray(), spans, 1, report);
    }

    private byte[] takeScratch() {
        byte[] bytes = scratch.toByteArray();
        if (bytes.length > SCRATCH_KEEP_LIMIT) {
            scratch = new ByteArrayOutputStream(SCRATCH_SIZE);
        }
        return bytes;
    }

    private void writeOpStatusOriginData(JsonGenerator g, SpanData span, Attributes attributes) {
        String op = string(attributes, "sentry.op", null);
        // Sentry's event model requires a span op (Relay normalizes a missing one to "default").
        write(g, "op", op == null ? "default" : op);
        // Transaction events use Sentry's span status vocabulary, which has no "error" (the span v2 one does).
        write(g, "status", StatusMessage.forEvent(span.status(), get(attributes, StatusMessage.ATTRIBUTE)));
        g.write("origin", string(attributes, "sentry.origin", DEFAULT_ORIGIN));
        g.writeStartObject("data");
        for (int i = 0; i < size(attributes); i++) {
            g.writeKey(attributes.key(i));
            AttributeJson.writePlain(g, attributes.value(i));
        }
        plainDefault(g, attributes, "sentry.origin", DEFAULT_ORIGIN);
        plainDefault(g, attributes, "thread.id", span.threadId());
        plainDefault(g, attributes, "thread.name", span.threadName());
        g.writeEnd();
    }

    /** Writes an envelope that carries only a client report. */
    EncodedEnvelope clientReport(List<ClientReports.Discard> report) {
        ByteArrayOutputStream envelope = new ByteArrayOutputStream(512);
        envelope.writeBytes(envelopeHeader(null, null));
        envelope.write(NEWLINE);
        envelope.writeBytes(clientReportItem(report));
        return new EncodedEnvelope(envelope.toByteArray(), 0, 0, report);
    }

    /** @return the item header, newline, payload, newline */
    private byte[] clientReportItem(List<ClientReports.Discard> report) {
        scratch.reset();
        try (JsonGenerator g = json.createGenerator(scratch, StandardCharsets.UTF_8)) {
            g.writeStartObject();
            g.write("timestamp", BigDecimal.valueOf(System.currentTimeMillis(), 3));
            g.writeStartArray("discarded_events");
            for (ClientReports.Discard discard : report) {
                g.writeStartObject()
                        .write("reason", discard.reason().wireName())
                        .write("category", discard.category().wireName())
                        .write("quantity", discard.quantity())
                        .writeEnd();
            }
            g.writeEnd();
            g.writeEnd();
        }
        byte[] payload = takeScratch();
        ByteArrayOutputStream item = new ByteArrayOutputStream(payload.length + 64);
        try (JsonGenerator g = json.createGenerator(item, StandardCharsets.UTF_8)) {
            g.writeStartObject().write("type", "client_report").write("length", payload.length).writeEnd();
        }
        item.write(NEWLINE);
        item.writeBytes(payload);
        item.write(NEWLINE);
        return item.toByteArray();
    }

    private byte[] envelopeHeader(String eventId, Dsc dsc) {
        ByteArrayOutputStream header = new ByteArrayOutputStream(512);
        try (JsonGenerator g = json.createGenerator(header, StandardCharsets.UTF_8)) {
            g.writeStartObject();
            write(g, "event_id", eventId);
            g.write("sent_at", DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
            if (dsc != null && !dsc.entries().isEmpty()) {
                g.writeStartObject("trace");
                for (Map.Entry<String, String> entry : dsc.entries().entrySet()) {
                    write(g, entry.getKey(), entry.getValue());
                }
                g.writeEnd();
            }
            writeSdk(g);
            g.writeEnd();
        }
        return header.toByteArray();
    }

    private void writeSdk(JsonGenerator g) {
        g.writeStartObject("sdk").write("name", SentryOptions.SDK_NAME).write("version", sdkVersion).writeEnd();
    }

    private static void write(JsonGenerator g, String key, String value) {
        if (key != null && value != null) {
            g.write(key, value);
        }
    }

    /** Unix seconds with microsecond precision; BigDecimal, because a double would print float noise. */
    static BigDecimal seconds(long epochNanos) {
        return BigDecimal.valueOf(Math.floorDiv(epochNanos, 1000L), 6);
    }

    private static String eventId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("%016x%016x", random.nextLong(), random.nextLong());
    }

    /**
     * A growable byte array that JSON is written into by hand: compact, UTF-8, escaped exactly as JSON-P's
     * reference implementation (Parsson) escapes (quote, backslash and control characters only; {@code \\uXXXX}
     * in lowercase hex). A lone surrogate becomes {@code ?}, as {@link String#getBytes} and JSON-P's encoder
     * make it. Not thread-safe.
     */
    static final class JsonBuffer {

        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

        private static final int CACHE_SLOTS = 512;
        private static final int CACHE_MAX_LENGTH = 128;

        private byte[] bytes;
        private int size;
        /**
         * The JSON of recently written short strings, by identity: keys, trace and segment ids and names, thread
         * names and attribute values that instrumentation passes as the same instance span after span. Direct
         * mapped: a slot holds the last string that hashed to it, and its JSON from the second time it is written
         * in a row. {@code null} when not caching.
         */
        private final String[] cachedText;
        private final byte[][] cachedJson;

        JsonBuffer(int capacity) {
            this(capacity, false);
        }

        JsonBuffer(int capacity, boolean cacheStrings) {
            bytes = new byte[Math.max(16, capacity)];
            cachedText = cacheStrings ? new String[CACHE_SLOTS] : null;
            cachedJson = cacheStrings ? new byte[CACHE_SLOTS][] : null;
        }

        int size() {
            return size;
        }

        int capacity() {
            return bytes.length;
        }

        /** @return the backing array; valid up to {@link #size()} until the next write */
        byte[] array() {
            return bytes;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }

        void reset() {
            size = 0;
        }

        void truncate(int newSize) {
            size = newSize;
        }

        /** Moves the bytes from {@code from} to the end to the start, and drops what was before them. */
        void moveToStart(int from) {
            System.arraycopy(bytes, from, bytes, 0, size - from);
            size -= from;
        }

        void set(int index, byte value) {
            bytes[index] = value;
        }

        private void ensure(long more) {
            if (more > bytes.length - size) {
                long needed = size + more;
                if (needed > MAX_ARRAY) {
                    throw new OutOfMemoryError("JSON larger than an array");
                }
                bytes = Arrays.copyOf(bytes, (int) Math.min(MAX_ARRAY, Math.max(needed, (long) bytes.length * 2)));
            }
        }

        void write(byte b) {
            ensure(1);
            bytes[size++] = b;
        }

        void write(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, bytes, size, b.length);
            size += b.length;
        }

        /** Appends text known to be ASCII and to need no escaping (keys and punctuation of this writer). */
        void ascii(String text) {
            int length = text.length();
            ensure(length);
            byte[] b = bytes;
            int at = size;
            for (int i = 0; i < length; i++) {
                b[at++] = (byte) text.charAt(i);
            }
            size = at;
        }

        /** Appends a JSON string: quoted, escaped, UTF-8. */
        void string(String text) {
            if (cachedText == null || text.length() > CACHE_MAX_LENGTH) {
                encode(text);
                return;
            }
            int slot = System.identityHashCode(text) & (CACHE_SLOTS - 1);
            if (cachedText[slot] != text) {
                // first sight: remembered, not copied, so that a string made for one span costs no allocation
                cachedText[slot] = text;
                cachedJson[slot] = null;
                encode(text);
            } else if (cachedJson[slot] != null) {
                write(cachedJson[slot]);
            } else {
                int start = size;
                encode(text);
                cachedJson[slot] = Arrays.copyOfRange(bytes, start, size);
            }
        }

        private void encode(String text) {
            int length = text.length();
            ensure(length + 2L);
            byte[] b = bytes;
            int at = size;
            b[at++] = '"';
            int i = 0;
            for (; i < length; i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                    break;
                }
                b[at++] = (byte) c;
            }
            size = at;
            if (i < length) {
                escaped(text, i);
            }
            write((byte) '"');
        }

        private void escaped(String text, int from) {
            int length = text.length();
            // at most 6 bytes per character (a control character as \\u00XX; UTF-8 needs at most 3 per char)
            ensure((length - from) * 6L);
            byte[] b = bytes;
            int at = size;
            for (int i = from; i < length; i++) {
                char c = text.charAt(i);
                if (c < 0x80) {
                    if (c >= 0x20 && c != '"' && c != '\\') {
                        b[at++] = (byte) c;
                        continue;
                    }
                    b[at++] = '\\';
                    switch (c) {
                        case '"', '\\' -> b[at++] = (byte) c;
                        case '\b' -> b[at++] = 'b';
                        case '\f' -> b[at++] = 'f';
                        case '\n' -> b[at++] = 'n';
                        case '\r' -> b[at++] = 'r';
                        case '\t' -> b[at++] = 't';
                        default -> {
                            b[at++] = 'u';
                            b[at++] = '0';
                            b[at++] = '0';
                            b[at++] = HEX[c >> 4];
                            b[at++] = HEX[c & 0xF];
                        }
                    }
                } else if (c < 0x800) {
                    b[at++] = (byte) (0xC0 | (c >> 6));
                    b[at++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    char low;
                    if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(low = text.charAt(i + 1))) {
                        int codePoint = Character.toCodePoint(c, low);
                        b[at++] = (byte) (0xF0 | (codePoint >> 18));
                        b[at++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
                        b[at++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
                        b[at++] = (byte) (0x80 | (codePoint & 0x3F));
                        i++;
                    } else {
                        b[at++] = '?';
                    }
                } else {
                    b[at++] = (byte) (0xE0 | (c >> 12));
                    b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    b[at++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            size = at;
        }

        /** Appends a span or segment id: a JSON string of 16 lowercase hex digits, as {@code SpanData.spanId()}. */
        void hexId(long id) {
            ensure(18);
            byte[] b = bytes;
            int at = size;
            b[at] = '"';
            for (int i = 16; i >= 1; i--) {
                b[at + i] = HEX[(int) (id & 0xF)];
                id >>>= 4;
            }
            b[at + 17] = '"';
            size = at + 18;
        }

        void number(long value) {
            if (value == Long.MIN_VALUE) {
                ascii(Long.toString(value));
                return;
            }
            ensure(20);
            if (value < 0) {
                bytes[size++] = '-';
                value = -value;
            }
            int digits = 1;
            for (long rest = value / 10; rest != 0; rest /= 10) {
                digits++;
            }
            byte[] b = bytes;
            int at = size + digits;
            size = at;
            do {
                b[--at] = (byte) ('0' + value % 10);
                value /= 10;
            } while (value != 0);
        }

        /** A finite double, as JSON-P writes it ({@link Double#toString}). */
        void number(double value) {
            ascii(Double.toString(value));
        }

        /**
         * Unix seconds with exactly six decimals (microseconds), the same text as {@code seconds(epochNanos).toString()}:
         * no exponent, no float noise.
         */
        void seconds(long epochNanos) {
            long micros = Math.floorDiv(epochNanos, 1000L);
            if (micros < 0) {
                write((byte) '-');
                micros = -micros; // no overflow: |Long.MIN_VALUE / 1000| fits
            }
            number(micros / 1_000_000);
            ensure(7);
            byte[] b = bytes;
            int at = size;
            b[at] = '.';
            long fraction = micros % 1_000_000;
            for (int i = 6; i >= 1; i--) {
                b[at + i] = (byte) ('0' + fraction % 10);
                fraction /= 10;
            }
            size = at + 7;
        }
    }
}
