package io.github.sentryjakarta.internal.envelope;

import io.github.sentryjakarta.internal.span.Attributes;
import io.github.sentryjakarta.internal.span.HttpRequestData;
import io.github.sentryjakarta.internal.span.SpanData;
import io.github.sentryjakarta.integration.StatusMessage;
import java.util.List;

/**
 * A {@code transaction} item (SPEC §8, static lifecycle): the segment as the event with its trace context,
 * the children as {@code spans}, attributes as plain {@code data}. Sentry's event model wants an op on every
 * span ({@code default} when none) and its own status vocabulary, which has no {@code error}: an error span's
 * {@code sentry.status.message} ({@code not_found}...), else {@code internal_error}. A server span also gives the
 * event its {@code request} and {@code contexts.response}.
 */
final class TransactionItem {

    private static final String DEFAULT_ORIGIN = "manual";
    private static final String DEFAULT_NAME_SOURCE = "custom";
    private static final int BUFFER_SIZE = 8192;

    private TransactionItem() {
    }

    /** @return the whole item: header, newline, payload, newline */
    static byte[] write(String eventId, Resource resource, SpanData segment, List<SpanData> children) {
        JsonBuffer out = new JsonBuffer(BUFFER_SIZE);
        Attributes attributes = segment.attributes();
        out.write((byte) '{');
        out.member("event_id", eventId);
        out.member("type", "transaction");
        out.member("transaction", segment.name());
        out.key("transaction_info");
        out.write((byte) '{');
        out.member("source", string(attributes, SpanData.NAME_SOURCE_KEY, DEFAULT_NAME_SOURCE));
        out.write((byte) '}');
        out.key("start_timestamp");
        out.seconds(segment.startEpochNanos());
        out.key("timestamp");
        out.seconds(segment.endEpochNanos());
        out.member("platform", "java");
        out.member("environment", resource.environment());
        out.member("release", resource.release());
        out.member("dist", resource.dist());
        out.member("server_name", resource.serverName());
        EnvelopeHeader.sdk(out);
        HttpRequestData request = HttpRequestData.of(attributes);
        if (request != null) {
            out.key("request");
            out.write((byte) '{');
            out.member("method", request.method());
            out.member("url", request.url());
            out.member("query_string", request.query());
            out.write((byte) '}');
        }
        out.key("contexts");
        out.write((byte) '{');
        if (request != null && request.statusCode() > 0) {
            out.key("response");
            out.write((byte) '{');
            out.key("status_code");
            out.number(request.statusCode());
            out.write((byte) '}');
        }
        out.key("trace");
        out.write((byte) '{');
        out.member("trace_id", segment.traceId());
        out.member("span_id", segment.spanId());
        out.member("parent_span_id", segment.parentSpanId());
        opStatusOriginData(out, segment, attributes);
        out.write((byte) '}');
        resource.writeRuntimeContext(out);
        out.write((byte) '}');
        out.key("spans");
        out.write((byte) '[');
        for (SpanData child : children) {
            if (child == null) {
                continue;
            }
            out.separate();
            out.write((byte) '{');
            out.member("trace_id", child.traceId());
            out.member("span_id", child.spanId());
            out.member("parent_span_id", child.parentSpanId());
            out.member("description", child.name());
            out.key("start_timestamp");
            out.seconds(child.startEpochNanos());
            out.key("timestamp");
            out.seconds(child.endEpochNanos());
            opStatusOriginData(out, child, child.attributes());
            out.write((byte) '}');
        }
        out.write((byte) ']');
        out.write((byte) '}');
        return EnvelopeHeader.item("transaction", out);
    }

    private static void opStatusOriginData(JsonBuffer out, SpanData span, Attributes attributes) {
        String op = string(attributes, "sentry.op", null);
        out.member("op", op == null ? "default" : op);
        out.member("status", StatusMessage.forEvent(span.status(), attributes == null ? null
                : attributes.get(StatusMessage.ATTRIBUTE)));
        out.member("origin", string(attributes, "sentry.origin", DEFAULT_ORIGIN));
        out.key("data");
        out.write((byte) '{');
        int size = attributes == null ? 0 : attributes.size();
        for (int i = 0; i < size; i++) {
            String key = attributes.key(i);
            Object value = attributes.value(i);
            if (key != null && value != null) {
                out.key(key);
                AttributeJson.writePlain(out, value);
            }
        }
        plainDefault(out, attributes, "sentry.origin", DEFAULT_ORIGIN);
        plainDefault(out, attributes, "thread.id", span.threadId());
        plainDefault(out, attributes, "thread.name", span.threadName());
        out.write((byte) '}');
    }

    private static void plainDefault(JsonBuffer out, Attributes attributes, String key, Object value) {
        if (value != null && (attributes == null || attributes.get(key) == null)) {
            out.key(key);
            AttributeJson.writePlain(out, value);
        }
    }

    private static String string(Attributes attributes, String key, String fallback) {
        Object value = attributes == null ? null : attributes.get(key);
        return value == null ? fallback : value.toString();
    }
}
