package io.github.sentryjakarta.example;

import io.github.sentryjakarta.testreceiver.Envelope;
import io.github.sentryjakarta.testreceiver.Item;
import io.github.sentryjakarta.testreceiver.ReceivedSpan;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the stand-in Sentry received, as trees: span v2 items (stream lifecycle) and transaction events (static
 * lifecycle) are read into the same shape, so both lifecycles print the same trees.
 *
 * @param traces     the traces, oldest first
 * @param envelopes  envelopes accepted, client-report-only ones included
 * @param spanItems  envelopes' {@code span} items received
 * @param transactions transaction events received
 * @param errors     error events received: the exception, and the trace and span they are linked to
 * @param drops      client-report quantities by {@code reason/category}
 * @param rejections requests the stand-in refused as malformed (a correct client causes none)
 */
public record ReceivedTraces(List<Trace> traces, int envelopes, int spanItems, int transactions,
        List<ErrorEvent> errors, Map<String, Long> drops, List<String> rejections) {

    /**
     * One error event as received.
     *
     * @param traceId the trace it is linked to
     * @param spanId the span it is linked to
     * @param exception {@code Type: message} of the thrown exception
     */
    public record ErrorEvent(String traceId, String spanId, String exception) {
    }

    /** @return nothing received (the spans went to a real Sentry) */
    public static ReceivedTraces none() {
        return new ReceivedTraces(List.of(), 0, 0, 0, List.of(), Map.of(), List.of());
    }

    private static final String HTTP_STATUS = "http.response.status_code";

    /**
     * One span, with its children ordered by start time.
     *
     * @param status     {@code ok} or {@code error} (transactions' {@code internal_error} shown as {@code error})
     * @param httpStatus {@code http.response.status_code}, or 0
     */
    public record Node(String traceId, String spanId, String parentSpanId, String name, String op, String status,
            int httpStatus, double startSeconds, double endSeconds, List<Node> children) {

        /** @return the duration in milliseconds */
        public double durationMillis() {
            return (endSeconds - startSeconds) * 1000;
        }

        /** @return this node and all below it, depth first */
        public List<Node> flatten() {
            List<Node> all = new ArrayList<>();
            all.add(this);
            children.forEach(child -> all.addAll(child.flatten()));
            return all;
        }
    }

    /**
     * One trace.
     *
     * @param traceId   32 hex
     * @param roots     spans whose parent is not in the trace (normally one: the first service's request span)
     * @param envelopes how many envelopes carried its spans
     */
    public record Trace(String traceId, List<Node> roots, int envelopes) {

        /** @return every span of the trace, depth first */
        public List<Node> spans() {
            return roots.stream().flatMap(root -> root.flatten().stream()).toList();
        }
    }

    /**
     * @param receiver the stand-in Sentry
     * @return what it accepted, as trees
     */
    public static ReceivedTraces from(SentryReceiver receiver) {
        List<Node> flat = new ArrayList<>();
        Map<String, Set<Integer>> envelopesByTrace = new LinkedHashMap<>();
        int spanItems = 0;
        int transactions = 0;
        List<Envelope> envelopes = receiver.envelopes();
        for (int e = 0; e < envelopes.size(); e++) {
            for (Item item : envelopes.get(e).items()) {
                List<ReceivedSpan> found = new ArrayList<>();
                if (item.type().equals("span")) {
                    spanItems++;
                    item.json().getJsonArray("items").getValuesAs(JsonObject.class)
                            .forEach(span -> found.add(ReceivedSpan.fromSpanV2(span)));
                } else if (item.type().equals("transaction")) {
                    transactions++;
                    found.addAll(ReceivedSpan.fromTransaction(item.json()));
                }
                for (Node node : found.stream().map(ReceivedTraces::node).toList()) {
                    flat.add(node);
                    envelopesByTrace.computeIfAbsent(node.traceId(), id -> new HashSet<>()).add(e);
                }
            }
        }
        Map<String, Long> drops = new TreeMap<>();
        for (JsonObject report : receiver.clientReports()) {
            if (report.get("discarded_events") instanceof jakarta.json.JsonArray events) {
                for (JsonObject event : events.getValuesAs(JsonObject.class)) {
                    drops.merge(event.getString("reason") + "/" + event.getString("category"),
                            event.getJsonNumber("quantity").longValue(), Long::sum);
                }
            }
        }
        List<Trace> traces = new ArrayList<>();
        envelopesByTrace.forEach((traceId, carriers) -> traces.add(new Trace(traceId,
                tree(flat.stream().filter(node -> node.traceId().equals(traceId)).toList()), carriers.size())));
        traces.sort(Comparator.comparingDouble(trace -> trace.roots().get(0).startSeconds()));
        List<ErrorEvent> errors = new ArrayList<>();
        for (JsonObject event : receiver.events()) {
            List<JsonObject> values = event.getJsonObject("exception").getJsonArray("values").getValuesAs(JsonObject.class);
            JsonObject thrown = values.get(values.size() - 1);
            JsonObject trace = event.getJsonObject("contexts").getJsonObject("trace");
            errors.add(new ErrorEvent(trace == null ? "" : trace.getString("trace_id"),
                    trace == null ? "" : trace.getString("span_id"),
                    thrown.getString("type") + ": " + thrown.getString("value", "")));
        }
        return new ReceivedTraces(List.copyOf(traces), envelopes.size(), spanItems, transactions, List.copyOf(errors),
                drops, receiver.rejections());
    }

    /** @return the number of spans in all traces */
    public int spanCount() {
        return traces.stream().mapToInt(trace -> trace.spans().size()).sum();
    }

    /** @return whether nothing usable arrived */
    public boolean isEmpty() {
        return traces.isEmpty();
    }

    /** @return the trees, one line per span, then a one-line summary */
    public String render() {
        StringBuilder out = new StringBuilder();
        for (Trace trace : traces) {
            out.append("trace ").append(trace.traceId()).append("  (").append(plural(trace.envelopes(), "envelope"))
                    .append(")\n");
            trace.roots().forEach(root -> render(root, 1, out));
            errors.stream().filter(error -> error.traceId().equals(trace.traceId())).forEach(error -> out
                    .append("  error event: ").append(error.exception()).append("  (span ").append(error.spanId())
                    .append(")\n"));
        }
        rejections.forEach(rejection -> out.append("rejected by the stand-in: ").append(rejection).append('\n'));
        out.append('\n').append(summary()).append('\n');
        return out.toString();
    }

    /** @return e.g. {@code 4 traces, 12 spans, 5 envelopes, no client-report drops} */
    public String summary() {
        String dropped = drops.isEmpty() ? "no client-report drops"
                : "client-report drops: " + String.join(", ", drops.entrySet().stream()
                        .map(entry -> entry.getValue() + " " + entry.getKey()).toList());
        return plural(traces.size(), "trace") + ", " + plural(spanCount(), "span") + ", "
                + plural(envelopes, "envelope") + " (" + (transactions > 0 && spanItems == 0
                        ? plural(transactions, "transaction") : plural(spanItems, "span item")
                                + (transactions > 0 ? ", " + plural(transactions, "transaction") : ""))
                + (errors.isEmpty() ? "" : ", " + plural(errors.size(), "error event")) + "), " + dropped;
    }

    private static void render(Node node, int depth, StringBuilder out) {
        out.append("  ".repeat(depth)).append(node.name()).append("  [").append(node.op()).append("]  ")
                .append(node.status()).append(node.httpStatus() > 0 ? " " + node.httpStatus() : "").append("  ")
                .append(String.format(Locale.ROOT, "%.1f ms", node.durationMillis())).append('\n');
        node.children().forEach(child -> render(child, depth + 1, out));
    }

    private static List<Node> tree(List<Node> spans) {
        Map<String, Node> byId = new LinkedHashMap<>();
        spans.stream().sorted(Comparator.comparingDouble(Node::startSeconds))
                .forEach(span -> byId.putIfAbsent(span.spanId(), span));
        List<Node> roots = new ArrayList<>();
        for (Node span : byId.values()) {
            Node parent = span.parentSpanId() == null ? null : byId.get(span.parentSpanId());
            (parent == null ? roots : parent.children()).add(span);
        }
        return roots;
    }

    private static Node node(ReceivedSpan span) {
        // Span v2 says "error"; transaction events use Sentry's finer vocabulary ("internal_error", "not_found"...):
        // the view reads both as one word.
        String shown = span.sentStatus() == null ? "-" : span.status();
        int httpStatus = span.attr(HTTP_STATUS) instanceof Long code ? code.intValue() : 0;
        return new Node(span.traceId(), span.spanId(), span.parentSpanId(), span.name(), span.op(), shown, httpStatus,
                span.startSeconds(), span.endSeconds(), new ArrayList<>());
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
