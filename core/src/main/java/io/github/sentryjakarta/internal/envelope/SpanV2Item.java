package io.github.sentryjakarta.internal.envelope;

import io.github.sentryjakarta.internal.span.Attributes;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.span.SpanData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Span v2 JSON (SPEC §9): one span object, the sender's hot path (up to 1000 spans per item, many items a
 * second), written by hand: no intermediate strings, the constant attributes prepared once. The span's own
 * attributes come first, then the defaults it does not set itself. Also the span item's header.
 */
final class SpanV2Item {

    static final String CONTENT_TYPE = "application/vnd.sentry.items.span.v2+json";
    static final byte[] PAYLOAD_START = ascii("{\"version\":2,\"items\":[");
    static final byte[] PAYLOAD_END = ascii("]}");

    private static final byte COMMA = ',';
    private static final String DEFAULT_ORIGIN = "manual";
    private static final String DEFAULT_NAME_SOURCE = "custom";
    private static final byte[] ITEM_HEADER_START = ascii("{\"type\":\"span\",\"item_count\":");
    private static final byte[] ITEM_HEADER_MIDDLE = ascii(",\"content_type\":\"" + CONTENT_TYPE + "\",\"length\":");

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
    private static final byte[] DEFAULT_ORIGIN_JSON = typedJson("sentry.origin", DEFAULT_ORIGIN);

    /** Span attributes that are the same on every span, as JSON; computed once. */
    private final Constants constantAttributes;
    /** The same, only on segments. */
    private final Constants constantSegmentAttributes;

    SpanV2Item(Resource resource) {
        this.constantAttributes = constants(
                "sentry.trace_lifecycle", "stream",
                "sentry.sdk.name", SentryOptions.SDK_NAME,
                "sentry.sdk.version", SentryOptions.SDK_VERSION,
                "sentry.environment", resource.environment(),
                "sentry.release", resource.release());
        // server.address (this host) only on segments: it is not one of the protocol's common attributes, which
        // Sentry's JavaScript SDK sends on every span (release, environment, segment, sdk), and on a child it
        // would say something else (the peer of a client or database span).
        this.constantSegmentAttributes = constants(
                "sentry.segment.name.source", DEFAULT_NAME_SOURCE,
                "server.address", resource.serverName(),
                "sentry.platform", "java",
                "process.runtime.name", resource.runtimeName(),
                "process.runtime.version", resource.runtimeVersion(),
                "sentry.dist", resource.dist());
    }

    private static byte[] ascii(String text) {
        return AttributeJson.ascii(text);
    }

    private static Map<String, Integer> bits(String... keys) {
        Map<String, Integer> bits = new HashMap<>();
        for (int i = 0; i < keys.length; i++) {
            bits.put(keys[i], i);
        }
        return Map.copyOf(bits);
    }

    /** @return the item header for {@code spans} spans whose comma-separated JSON is {@code jsonLength} bytes */
    static byte[] header(int spans, int jsonLength) {
        JsonBuffer header = new JsonBuffer(ITEM_HEADER_START.length + 32);
        header.write(ITEM_HEADER_START);
        header.number(spans);
        header.write(ITEM_HEADER_MIDDLE);
        header.number(PAYLOAD_START.length + jsonLength + PAYLOAD_END.length);
        header.write((byte) '}');
        return header.toByteArray();
    }

    /** Appends one span v2 object. */
    void span(JsonBuffer out, SpanData span) {
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
        Attributes attributes = span.attributes();
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
        constantAttributes.write(out, own);
        if (span.isSegment()) {
            constantSegmentAttributes.write(out, own);
        }
    }

    /** A default attribute whose value never changes, ready as {@code ,"key":{"type":"string","value":"v"}}. */
    private record ConstantAttribute(int bit, byte[] json) {
    }

    /**
     * Default attributes whose values never change, in their order, and all of them as one run of JSON: a span
     * that sets none of them itself (nearly every span) gets the run in one copy.
     *
     * @param mask the bits of all of them
     */
    private record Constants(int mask, byte[] all, ConstantAttribute[] each) {

        void write(JsonBuffer out, int own) {
            if ((own & mask) == 0) {
                out.write(all);
                return;
            }
            for (ConstantAttribute constant : each) {
                if ((own & constant.bit()) == 0) {
                    out.write(constant.json());
                }
            }
        }
    }

    private static Constants constants(String... pairs) {
        List<ConstantAttribute> constants = new ArrayList<>();
        JsonBuffer all = new JsonBuffer(512);
        int mask = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                ConstantAttribute constant = new ConstantAttribute(1 << DEFAULT_KEY_BITS.get(pairs[i]),
                        typedJson(pairs[i], pairs[i + 1]));
                constants.add(constant);
                all.write(constant.json());
                mask |= constant.bit();
            }
        }
        return new Constants(mask, all.toByteArray(), constants.toArray(ConstantAttribute[]::new));
    }

    private static byte[] typedJson(String key, String value) {
        JsonBuffer json = new JsonBuffer(64);
        AttributeJson.writeTyped(json, key, value);
        return json.toByteArray();
    }

    private static int size(Attributes attributes) {
        return attributes == null ? 0 : attributes.size();
    }
}
