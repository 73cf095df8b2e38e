package io.github.sentryjakarta.internal.envelope;

import io.github.sentryjakarta.internal.span.EventTraceContext;
import io.github.sentryjakarta.internal.span.HttpRequestData;
import io.github.sentryjakarta.internal.error.ErrorEvent;
import io.github.sentryjakarta.internal.error.EventDraft;
import io.github.sentryjakarta.internal.error.ExceptionValue;
import java.util.List;
import java.util.Map;

/**
 * An {@code event} item: one error event as Sentry's event protocol reads it. The exception chain root cause
 * first, each with its frames oldest first, and the thrown exception (the last) with its {@code mechanism};
 * {@code contexts.trace} names the span it happened in; {@code request} the request it failed.
 */
final class EventItem {

    private static final int BUFFER_SIZE = 16 * 1024;

    private EventItem() {
    }

    /** @return the whole item: header, newline, payload, newline */
    static byte[] write(Resource resource, EventDraft draft) {
        ErrorEvent event = draft.event();
        JsonBuffer out = new JsonBuffer(BUFFER_SIZE);
        out.write((byte) '{');
        out.member("event_id", event.eventId());
        out.key("timestamp");
        out.seconds(event.timestampMillis() * 1_000_000L);
        out.member("platform", "java");
        out.member("level", draft.level());
        out.member("server_name", resource.serverName());
        out.member("release", resource.release());
        out.member("environment", resource.environment());
        out.member("dist", resource.dist());
        EnvelopeHeader.sdk(out);
        out.member("transaction", draft.transaction());
        if (!draft.tags().isEmpty()) {
            out.key("tags");
            strings(out, draft.tags());
        }
        exceptions(out, draft.exceptions(), event);
        request(out, event.request(), event.headers());
        out.key("contexts");
        out.write((byte) '{');
        trace(out, event.trace());
        resource.writeRuntimeContext(out);
        out.write((byte) '}');
        out.write((byte) '}');
        return EnvelopeHeader.item("event", out);
    }

    private static void exceptions(JsonBuffer out, List<ExceptionValue> values, ErrorEvent event) {
        out.key("exception");
        out.write((byte) '{');
        out.key("values");
        out.write((byte) '[');
        for (int i = 0; i < values.size(); i++) {
            ExceptionValue value = values.get(i);
            out.separate();
            out.write((byte) '{');
            out.member("type", value.type());
            out.member("value", value.value());
            out.member("module", value.module());
            out.key("stacktrace");
            out.write((byte) '{');
            out.key("frames");
            out.write((byte) '[');
            for (ExceptionValue.Frame frame : value.frames()) {
                frame(out, frame);
            }
            out.write((byte) ']');
            out.write((byte) '}');
            if (i == values.size() - 1) { // the thrown exception: how it was caught
                out.key("mechanism");
                out.write((byte) '{');
                out.member("type", event.mechanism());
                out.key("handled");
                out.ascii(Boolean.toString(event.handled()));
                out.write((byte) '}');
            }
            out.write((byte) '}');
        }
        out.write((byte) ']');
        out.write((byte) '}');
    }

    private static void frame(JsonBuffer out, ExceptionValue.Frame frame) {
        out.separate();
        out.write((byte) '{');
        out.member("filename", frame.filename());
        out.member("function", frame.function());
        out.member("module", frame.module());
        if (frame.lineno() > 0) {
            out.key("lineno");
            out.number(frame.lineno());
        }
        out.key("in_app");
        out.ascii(Boolean.toString(frame.inApp()));
        if (frame.nativeMethod()) {
            out.key("native");
            out.ascii("true");
        }
        out.write((byte) '}');
    }

    private static void request(JsonBuffer out, HttpRequestData request, Map<String, String> headers) {
        if (request == null) {
            return;
        }
        out.key("request");
        out.write((byte) '{');
        out.member("method", request.method());
        out.member("url", request.url());
        out.member("query_string", request.query());
        if (!headers.isEmpty()) {
            out.key("headers");
            strings(out, headers);
        }
        out.write((byte) '}');
    }

    private static void trace(JsonBuffer out, EventTraceContext trace) {
        if (trace == null) {
            return;
        }
        out.key("trace");
        out.write((byte) '{');
        out.member("trace_id", trace.traceId());
        out.member("span_id", trace.spanId());
        out.member("parent_span_id", trace.parentSpanId());
        out.member("op", trace.op());
        out.member("status", trace.status());
        out.member("type", "trace");
        out.write((byte) '}');
    }

    private static void strings(JsonBuffer out, Map<String, String> members) {
        out.write((byte) '{');
        members.forEach(out::member);
        out.write((byte) '}');
    }
}
