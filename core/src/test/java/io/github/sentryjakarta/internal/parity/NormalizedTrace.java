package io.github.sentryjakarta.internal.parity;

import io.github.sentryjakarta.testreceiver.ReceivedSpan;
import jakarta.json.JsonObject;
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
    static Map<String, List<Node>> fromStream(List<ReceivedSpan> spans) {
        List<Flat> flat = new ArrayList<>();
        for (ReceivedSpan span : spans) {
            Object source = span.attr("sentry.segment.name.source");
            flat.add(flat(span, span.sentStatus(), span.segment() ? (String) source : null));
        }
        return build(flat);
    }

    /** @return per trace id, its local roots as canonical trees, from transaction events */
    static Map<String, List<Node>> fromTransactions(List<JsonObject> transactions) {
        List<Flat> flat = new ArrayList<>();
        for (JsonObject event : transactions) {
            String source = event.getJsonObject("transaction_info").getString("source");
            for (ReceivedSpan span : ReceivedSpan.fromTransaction(event)) {
                flat.add(flat(span, "ok".equals(span.sentStatus()) ? "ok" : "error", span.segment() ? source : null));
            }
        }
        return build(flat);
    }

    /** Op and origin are fields of their own; the attributes keep what a span did, not how it was sent. */
    private static Flat flat(ReceivedSpan span, String status, String source) {
        Map<String, Object> attributes = new TreeMap<>(span.attributes());
        attributes.remove("sentry.op");
        attributes.remove("sentry.origin");
        attributes.remove("sentry.segment.name.source");
        attributes.keySet().removeAll(LIFECYCLE_SPECIFIC);
        return new Flat(span.traceId(), span.spanId(), span.parentSpanId(), span.name(), span.op(), status,
                span.origin(), source, attributes);
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
}
