package io.github.sentryjakarta.internal.parity;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One trace in a form both lifecycles map to: per local root a tree of spans (name, op, status, origin,
 * attributes), children in a canonical order, so that random span ids and arrival order do not matter but
 * names, nesting, ops, statuses and attributes do.
 */
final class NormalizedTrace {

    /**
     * Attributes that say how or from where a span was sent rather than what it did: they live on every
     * stream span but at event level in a transaction (environment, release, platform, sdk, runtime), or
     * are the stream's spelling of the tree itself (segment id and name).
     */
    static final Set<String> LIFECYCLE_SPECIFIC = Set.of("sentry.trace_lifecycle", "sentry.sdk.name",
            "sentry.sdk.version", "sentry.sdk.integrations", "sentry.environment", "sentry.release", "sentry.dist",
            "server.address", "sentry.segment.id", "sentry.segment.name", "sentry.platform", "process.runtime.name",
            "process.runtime.version");

    /** One span. {@code source} and {@code remoteParent} are set on local roots only. */
    record Node(String name, String op, String status, String origin, String source, String remoteParent,
            Map<String, Object> attributes, List<Node> children) {

        @Override
        public String toString() {
            return render(0);
        }

        String render(int indent) {
            StringBuilder text = new StringBuilder();
            text.append("  ".repeat(indent)).append(name).append(" [op=").append(op).append(", status=").append(status)
                    .append(", origin=").append(origin);
            if (source != null) {
                text.append(", source=").append(source);
            }
            if (remoteParent != null) {
                text.append(", parent=").append(remoteParent);
            }
            text.append("] ").append(attributes).append('\n');
            for (Node child : children) {
                text.append(child.render(indent + 1));
            }
            return text.toString();
        }
    }

    /** A span before the tree is built. */
    private record Flat(String traceId, String spanId, String parentSpanId, String name, String op, String status,
            String origin, String source, Map<String, Object> attributes) {
    }

    private NormalizedTrace() {
    }

    /** @return per trace id, its local roots as canonical trees, from span v2 items */
    static Map<String, List<Node>> fromStream(List<JsonObject> spans) {
        List<Flat> flat = new ArrayList<>();
        for (JsonObject span : spans) {
            Map<String, Object> attributes = new TreeMap<>();
            JsonObject typed = span.getJsonObject("attributes");
            if (typed != null) {
                typed.forEach((key, value) -> attributes.put(key, typedValue(value.asJsonObject())));
            }
            String op = (String) attributes.remove("sentry.op");
            String origin = (String) attributes.remove("sentry.origin");
            String source = (String) attributes.remove("sentry.segment.name.source");
            attributes.keySet().removeAll(LIFECYCLE_SPECIFIC);
            boolean segment = span.getBoolean("is_segment");
            flat.add(new Flat(span.getString("trace_id"), span.getString("span_id"),
                    span.getString("parent_span_id", null), span.getString("name"), op == null ? "default" : op,
                    span.getString("status"), origin, segment ? source : null, attributes));
        }
        return build(flat);
    }

    /** @return per trace id, its local roots as canonical trees, from transaction events */
    static Map<String, List<Node>> fromTransactions(List<JsonObject> transactions) {
        List<Flat> flat = new ArrayList<>();
        for (JsonObject event : transactions) {
            JsonObject trace = event.getJsonObject("contexts").getJsonObject("trace");
            flat.add(staticSpan(trace, event.getString("transaction"),
                    event.getJsonObject("transaction_info").getString("source")));
            for (JsonObject span : event.getJsonArray("spans").getValuesAs(JsonObject.class)) {
                flat.add(staticSpan(span, span.getString("description"), null));
            }
        }
        return build(flat);
    }

    private static Flat staticSpan(JsonObject span, String name, String source) {
        Map<String, Object> attributes = new TreeMap<>();
        JsonObject data = span.getJsonObject("data");
        if (data != null) {
            data.forEach((key, value) -> attributes.put(key, plainValue(value)));
        }
        // op and origin are fields of their own here; data may repeat them.
        attributes.remove("sentry.op");
        attributes.remove("sentry.origin");
        attributes.remove("sentry.segment.name.source");
        attributes.keySet().removeAll(LIFECYCLE_SPECIFIC);
        String status = span.getString("status");
        return new Flat(span.getString("trace_id"), span.getString("span_id"), span.getString("parent_span_id", null),
                name, span.getString("op", "default"), "ok".equals(status) ? "ok" : "error",
                span.getString("origin", null), source, attributes);
    }

    private static Map<String, List<Node>> build(List<Flat> spans) {
        Map<String, Flat> byId = new HashMap<>();
        Map<String, List<Flat>> children = new HashMap<>();
        for (Flat span : spans) {
            if (byId.put(span.traceId() + "/" + span.spanId(), span) != null) {
                throw new AssertionError("span sent twice: " + span);
            }
        }
        Map<String, List<Flat>> rootsByTrace = new TreeMap<>();
        for (Flat span : spans) {
            String parentKey = span.traceId() + "/" + span.parentSpanId();
            if (span.parentSpanId() != null && byId.containsKey(parentKey)) {
                children.computeIfAbsent(parentKey, k -> new ArrayList<>()).add(span);
            } else {
                rootsByTrace.computeIfAbsent(span.traceId(), k -> new ArrayList<>()).add(span);
            }
        }
        Map<String, List<Node>> out = new TreeMap<>();
        rootsByTrace.forEach((traceId, roots) -> out.put(traceId,
                sorted(roots.stream().map(r -> node(r, children, true)).toList())));
        return out;
    }

    private static Node node(Flat span, Map<String, List<Flat>> children, boolean root) {
        List<Node> kids = children.getOrDefault(span.traceId() + "/" + span.spanId(), List.of()).stream()
                .map(c -> node(c, children, false)).toList();
        return new Node(span.name(), span.op(), span.status(), span.origin(), root ? span.source() : null,
                root ? span.parentSpanId() : null, span.attributes(), sorted(kids));
    }

    private static List<Node> sorted(List<Node> nodes) {
        List<Node> copy = new ArrayList<>(nodes);
        copy.sort(Comparator.comparing(Node::toString));
        return List.copyOf(copy);
    }

    private static Object typedValue(JsonObject typed) {
        String type = typed.getString("type");
        JsonValue value = typed.get("value");
        return switch (type) {
            case "string" -> ((JsonString) value).getString();
            case "integer" -> ((JsonNumber) value).longValueExact();
            case "double" -> ((JsonNumber) value).doubleValue();
            case "boolean" -> value == JsonValue.TRUE;
            case "array" -> ((JsonArray) value).stream().map(NormalizedTrace::plainValue).toList();
            default -> throw new AssertionError("unknown attribute type " + type + " in " + typed);
        };
    }

    private static Object plainValue(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).isIntegral() ? (Object) ((JsonNumber) value).longValueExact()
                    : (Object) ((JsonNumber) value).doubleValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case ARRAY -> ((JsonArray) value).stream().map(NormalizedTrace::plainValue).toList();
            default -> throw new AssertionError("unexpected attribute value " + value);
        };
    }
}
