package io.github.sentryjakarta.core.error;

import io.github.sentryjakarta.core.ClientReports;
import io.github.sentryjakarta.core.DataCategory;
import io.github.sentryjakarta.core.DiscardReason;
import io.github.sentryjakarta.core.Dsc;
import io.github.sentryjakarta.core.EventTraceContext;
import io.github.sentryjakarta.core.HttpRequestData;
import io.github.sentryjakarta.core.SentryOptions;
import io.github.sentryjakarta.spi.BeforeSendEvent;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes one error event as one envelope (SPEC §9 style: header line, item header line, payload line), on the
 * sender thread: reads the exception chain, runs the application's {@link BeforeSendEvent} (a drop is counted
 * as {@code before_send}, category {@code error}), then writes the {@code event} item.
 */
public final class EventWriter {

    private static final System.Logger LOG = System.getLogger(EventWriter.class.getName());

    private final ClientReports reports;
    private final BeforeSendEvent hook;
    private final ExceptionChain chain;
    private final String environment;
    private final String release;
    private final String dist;
    private final String serverName;
    private final String runtimeName = System.getProperty("java.vm.name", "Java");
    private final String runtimeVersion = System.getProperty("java.version", Runtime.version().toString());
    private final AtomicBoolean hookFailureLogged = new AtomicBoolean();

    /**
     * @param options environment, release, server name, in-app prefixes and the hook
     * @param reports where a drop by the hook is counted
     */
    public EventWriter(SentryOptions options, ClientReports reports) {
        this.reports = reports;
        this.hook = options.beforeSendEvent().orElse(null);
        this.chain = new ExceptionChain(options.inAppIncludes());
        this.environment = options.environment();
        this.release = options.release().orElse(null);
        this.dist = options.dist().orElse(null);
        this.serverName = options.serverName();
    }

    /**
     * @param dsc the trace's DSC, the envelope's {@code trace} header; {@code null} for none
     * @return the envelope, uncompressed, or {@code null} when the hook dropped the event (counted)
     */
    public byte[] envelope(Dsc dsc, ErrorEvent event) {
        EventDraft draft = new EventDraft(event, chain.of(event.throwable()));
        if (hook != null && !runHook(draft)) {
            reports.record(DiscardReason.BEFORE_SEND, DataCategory.ERROR, 1);
            return null;
        }
        byte[] payload = payload(draft).getBytes(StandardCharsets.UTF_8);
        JsonText header = new JsonText().beginObject()
                .field("event_id", event.eventId())
                .field("sent_at", DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        if (dsc != null && !dsc.entries().isEmpty()) {
            header.beginObject("trace");
            dsc.entries().forEach(header::field);
            header.endObject();
        }
        sdk(header).endObject();
        String itemHeader = new JsonText().beginObject().field("type", "event").field("length", payload.length)
                .endObject().toString();
        byte[] head = (header + "\n" + itemHeader + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] envelope = new byte[head.length + payload.length + 1];
        System.arraycopy(head, 0, envelope, 0, head.length);
        System.arraycopy(payload, 0, envelope, head.length, payload.length);
        envelope[envelope.length - 1] = '\n';
        return envelope;
    }

    /** @return whether to send; the draft as the hook left it, or (if the hook threw) a fresh one */
    private boolean runHook(EventDraft draft) {
        try {
            return hook.process(draft);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // a user's AssertionError or linkage error must not kill the sender thread
            if (hookFailureLogged.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "BeforeSendEvent threw; events are sent as captured when it does", e);
            }
            return true;
        }
    }

    private String payload(EventDraft draft) {
        ErrorEvent event = draft.event();
        JsonText json = new JsonText().beginObject()
                .field("event_id", event.eventId())
                .field("timestamp", BigDecimal.valueOf(event.timestampMillis(), 3))
                .field("platform", "java")
                .field("level", draft.level())
                .field("server_name", serverName)
                .field("release", release)
                .field("environment", environment)
                .field("dist", dist);
        sdk(json).field("transaction", draft.transaction());
        if (!draft.tags().isEmpty()) {
            json.beginObject("tags");
            draft.tags().forEach(json::field);
            json.endObject();
        }
        exceptions(json, draft.exceptions(), event);
        request(json, event.request(), event.headers());
        json.beginObject("contexts");
        trace(json, event.trace());
        json.beginObject("runtime").field("name", runtimeName).field("version", runtimeVersion).endObject();
        return json.endObject().endObject().toString();
    }

    private static JsonText sdk(JsonText json) {
        return json.beginObject("sdk").field("name", SentryOptions.SDK_NAME).field("version", SentryOptions.SDK_VERSION)
                .endObject();
    }

    private static void exceptions(JsonText json, List<ExceptionValue> values, ErrorEvent event) {
        json.beginObject("exception").beginArray("values");
        for (int i = 0; i < values.size(); i++) {
            ExceptionValue value = values.get(i);
            json.beginObject().field("type", value.type()).field("value", value.value()).field("module", value.module());
            json.beginObject("stacktrace").beginArray("frames");
            for (ExceptionValue.Frame frame : value.frames()) {
                json.beginObject().field("filename", frame.filename()).field("function", frame.function())
                        .field("module", frame.module());
                if (frame.lineno() > 0) {
                    json.field("lineno", frame.lineno());
                }
                json.field("in_app", frame.inApp());
                if (frame.nativeMethod()) {
                    json.field("native", true);
                }
                json.endObject();
            }
            json.endArray().endObject();
            if (i == values.size() - 1) { // the thrown exception: how it was caught
                json.beginObject("mechanism").field("type", event.mechanism()).field("handled", event.handled())
                        .endObject();
            }
            json.endObject();
        }
        json.endArray().endObject();
    }

    private static void request(JsonText json, HttpRequestData request, Map<String, String> headers) {
        if (request == null) {
            return;
        }
        json.beginObject("request").field("method", request.method()).field("url", request.url())
                .field("query_string", request.query());
        if (!headers.isEmpty()) {
            json.beginObject("headers");
            headers.forEach(json::field);
            json.endObject();
        }
        json.endObject();
    }

    private static void trace(JsonText json, EventTraceContext trace) {
        if (trace == null) {
            return;
        }
        json.beginObject("trace").field("trace_id", trace.traceId()).field("span_id", trace.spanId())
                .field("parent_span_id", trace.parentSpanId()).field("op", trace.op()).field("status", trace.status())
                .field("type", "trace").endObject();
    }
}
