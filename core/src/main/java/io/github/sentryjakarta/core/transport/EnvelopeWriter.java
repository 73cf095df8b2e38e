package io.github.sentryjakarta.core.transport;

import io.github.sentryjakarta.core.Attributes;
import io.github.sentryjakarta.core.ClientReports;
import io.github.sentryjakarta.core.Dsc;
import io.github.sentryjakarta.core.SentryOptions;
import io.github.sentryjakarta.core.SpanData;
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
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes Sentry envelopes (SPEC §9): span v2 items for the stream lifecycle, transaction events for the
 * static one, and client reports. Runs on the sender thread only; one instance is not thread-safe.
 *
 * <p>JSON goes through JSON-P's streaming generator, so the server's own JSON-P implementation does the
 * escaping and no object tree is built. Each item's payload is written first and the header after it,
 * which is how the header can carry the payload's exact byte {@code length}.
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
    private static final String DEFAULT_ORIGIN = "manual";
    private static final String DEFAULT_NAME_SOURCE = "custom";

    private final JsonGeneratorFactory json;
    private final String sdkVersion;
    private final String environment;
    private final String release;
    private final String dist;
    private final String serverName;
    private final String runtimeName;
    private final String runtimeVersion;
    /** Span attributes that are the same on every span, as key, value pairs; computed once. */
    private final String[] constantAttributes;
    /** The same, only on segments. */
    private final String[] constantSegmentAttributes;
    /** Reused for each payload, which is then copied out: spans are measured before they are placed. */
    private ByteArrayOutputStream scratch = new ByteArrayOutputStream(SCRATCH_SIZE);

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
        List<String> constant = new ArrayList<>();
        add(constant, "sentry.trace_lifecycle", "stream");
        add(constant, "sentry.sdk.name", SentryOptions.SDK_NAME);
        add(constant, "sentry.sdk.version", sdkVersion);
        add(constant, "sentry.environment", environment);
        add(constant, "sentry.release", release);
        add(constant, "server.address", serverName);
        this.constantAttributes = constant.toArray(String[]::new);
        List<String> segment = new ArrayList<>();
        add(segment, "sentry.platform", "java");
        add(segment, "process.runtime.name", runtimeName);
        add(segment, "process.runtime.version", runtimeVersion);
        add(segment, "sentry.dist", dist);
        this.constantSegmentAttributes = segment.toArray(String[]::new);
    }

    private static JsonProvider jsonProvider() {
        try {
            return JsonProvider.provider();
        } catch (RuntimeException | ServiceConfigurationError e) {
            throw new IllegalStateException("sentry-jakarta needs a Jakarta JSON Processing (JSON-P) implementation: "
                    + e.getMessage(), e);
        }
    }

    private static void add(List<String> pairs, String key, String value) {
        if (value != null) {
            pairs.add(key);
            pairs.add(value);
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
     * @param dsc the {@code trace} header, or {@code null} for none
     * @param report drop counts to add as a client report item to the first envelope; may be empty
     */
    List<EncodedEnvelope> spans(Dsc dsc, List<SpanData> spans, List<ClientReports.Discard> report) {
        byte[] header = envelopeHeader(null, dsc);
        byte[] reportItem = report.isEmpty() ? null : clientReportItem(report);
        List<EncodedEnvelope> out = new ArrayList<>();
        ByteArrayOutputStream envelope = startEnvelope(header, reportItem);
        List<ClientReports.Discard> envelopeReport = report;
        int envelopeSpans = 0;
        List<byte[]> item = new ArrayList<>();
        int itemBytes = 0; // span JSON plus separating commas
        for (SpanData span : spans) {
            if (span == null) {
                continue;
            }
            byte[] chunk = span(span);
            if (header.length + ITEM_OVERHEAD + chunk.length > MAX_ENVELOPE_BYTES) {
                continue;
            }
            int separator = item.isEmpty() ? 0 : 1;
            if (item.size() == MAX_SPANS_PER_ITEM) {
                envelopeSpans += writeSpanItem(envelope, item, itemBytes);
                item.clear();
                itemBytes = 0;
                separator = 0;
            }
            if (envelope.size() + ITEM_OVERHEAD + itemBytes + separator + chunk.length > MAX_ENVELOPE_BYTES) {
                envelopeSpans += writeSpanItem(envelope, item, itemBytes);
                item.clear();
                itemBytes = 0;
                separator = 0;
                addIfNotEmpty(out, envelope, header, envelopeSpans, envelopeReport);
                envelope = startEnvelope(header, null);
                envelopeReport = List.of();
                envelopeSpans = 0;
            }
            item.add(chunk);
            itemBytes += separator + chunk.length;
        }
        envelopeSpans += writeSpanItem(envelope, item, itemBytes);
        addIfNotEmpty(out, envelope, header, envelopeSpans, envelopeReport);
        return out;
    }

    private static ByteArrayOutputStream startEnvelope(byte[] header, byte[] reportItem) {
        ByteArrayOutputStream envelope = new ByteArrayOutputStream(8192);
        envelope.writeBytes(header);
        envelope.write(NEWLINE);
        if (reportItem != null) {
            envelope.writeBytes(reportItem);
        }
        return envelope;
    }

    private static void addIfNotEmpty(List<EncodedEnvelope> out, ByteArrayOutputStream envelope, byte[] header,
            int spans, List<ClientReports.Discard> report) {
        if (envelope.size() > header.length + 1) {
            out.add(new EncodedEnvelope(envelope.toByteArray(), spans, 0, report));
        }
    }

    /** @return the number of spans written */
    private int writeSpanItem(ByteArrayOutputStream envelope, List<byte[]> spans, int spanBytes) {
        if (spans.isEmpty()) {
            return 0;
        }
        int length = SPAN_PAYLOAD_START.length + spanBytes + SPAN_PAYLOAD_END.length;
        try (JsonGenerator g = json.createGenerator(envelope, StandardCharsets.UTF_8)) {
            g.writeStartObject()
                    .write("type", "span")
                    .write("item_count", spans.size())
                    .write("content_type", SPAN_CONTENT_TYPE)
                    .write("length", length)
                    .writeEnd();
        }
        envelope.write(NEWLINE);
        envelope.writeBytes(SPAN_PAYLOAD_START);
        for (int i = 0; i < spans.size(); i++) {
            if (i > 0) {
                envelope.write(COMMA);
            }
            envelope.writeBytes(spans.get(i));
        }
        envelope.writeBytes(SPAN_PAYLOAD_END);
        envelope.write(NEWLINE);
        return spans.size();
    }

    /** @return one span v2 object */
    private byte[] span(SpanData span) {
        scratch.reset();
        try (JsonGenerator g = json.createGenerator(scratch, StandardCharsets.UTF_8)) {
            g.writeStartObject();
            write(g, "trace_id", span.traceId());
            write(g, "span_id", span.spanId());
            write(g, "parent_span_id", span.parentSpanId());
            write(g, "name", span.name());
            write(g, "status", span.status() == null ? null : span.status().wireName());
            g.write("is_segment", span.isSegment());
            g.write("start_timestamp", seconds(span.startEpochNanos()));
            g.write("end_timestamp", seconds(span.endEpochNanos()));
            g.writeStartObject("attributes");
            writeSpanAttributes(g, span);
            g.writeEnd();
            g.writeEnd();
        }
        return takeScratch();
    }

    // The span's own attributes win: an integration that knows better (server.address of a request, the
    // name source of a route) must not be overwritten by a default.
    private void writeSpanAttributes(JsonGenerator g, SpanData span) {
        Attributes attributes = attributes(span);
        for (int i = 0; i < size(attributes); i++) {
            AttributeJson.writeTyped(g, attributes.key(i), attributes.value(i));
        }
        typedDefault(g, attributes, "sentry.origin", DEFAULT_ORIGIN);
        typedDefault(g, attributes, "thread.id", span.threadId());
        typedDefault(g, attributes, "thread.name", span.threadName());
        typedDefault(g, attributes, "sentry.segment.id", span.segmentId());
        typedDefault(g, attributes, "sentry.segment.name", span.segmentName());
        typedDefaults(g, attributes, constantAttributes);
        if (span.isSegment()) {
            typedDefault(g, attributes, "sentry.segment.name.source", DEFAULT_NAME_SOURCE);
            typedDefaults(g, attributes, constantSegmentAttributes);
        }
    }

    private static void typedDefaults(JsonGenerator g, Attributes attributes, String[] pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            typedDefault(g, attributes, pairs[i], pairs[i + 1]);
        }
    }

    private static void typedDefault(JsonGenerator g, Attributes attributes, String key, Object value) {
        if (value != null && get(attributes, key) == null) {
            AttributeJson.writeTyped(g, key, value);
        }
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
            g.writeStartObject("contexts");
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
        write(g, "status", span.status() == null ? null
                : span.status() == io.github.sentryjakarta.SpanStatus.ERROR ? "internal_error" : span.status().wireName());
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
}
