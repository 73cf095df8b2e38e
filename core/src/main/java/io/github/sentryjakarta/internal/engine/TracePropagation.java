package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.propagation.Baggage;
import io.github.sentryjakarta.internal.propagation.Dsc;
import io.github.sentryjakarta.internal.propagation.Ids;
import io.github.sentryjakarta.internal.propagation.SamplingDecision;
import io.github.sentryjakarta.internal.propagation.SentryTraceHeader;
import io.github.sentryjakarta.internal.propagation.TraceContext;
import io.github.sentryjakarta.internal.propagation.TraceParent;
import io.github.sentryjakarta.internal.sampling.Sampler;
import io.github.sentryjakarta.internal.span.PropagationContext;
import io.github.sentryjakarta.internal.span.SpanImpl;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Traces in and out of one configuration: which incoming trace a local root continues (read from the caller's
 * headers, checked against our org id), and the headers an outgoing call carries. One of the parts behind
 * {@link SentryRuntime}, shared by {@link SpanFactory} (new traces) and {@link ThreadTraceState} (continued ones).
 */
final class TracePropagation {

    private final SentryOptions options;

    TracePropagation(SentryOptions options) {
        this.options = options;
    }

    /** @return the context of a new trace, not continued from anywhere */
    TraceContext newTrace() {
        return new TraceContext(Ids.newTraceId(), options, Map.of(), "", null, null);
    }

    /**
     * @return the trace an incoming call continues, from its {@code sentry-trace}, {@code baggage} and (without
     *     {@code sentry-trace}) {@code traceparent} headers; a new trace when they do not parse or the org id is
     *     not ours. Never throws.
     */
    PropagationContext incoming(Function<String, String> headerLookup) {
        String sentryTrace;
        String baggage;
        String traceparent;
        try {
            sentryTrace = headerLookup.apply("sentry-trace");
            baggage = headerLookup.apply("baggage");
            traceparent = sentryTrace == null ? headerLookup.apply("traceparent") : null;
        } catch (RuntimeException e) {
            return new PropagationContext(newTrace(), 0, Ids.newSpanId());
        }
        SentryTraceHeader incoming = sentryTrace != null ? SentryTraceHeader.parse(sentryTrace)
                : TraceParent.parse(traceparent);
        Baggage.Parsed parsedBaggage = Baggage.parse(baggage);
        if (incoming == null || !orgAllowsContinuation(parsedBaggage.sentry().get("org_id"))) {
            TraceContext fresh = new TraceContext(Ids.newTraceId(), options, Map.of(), parsedBaggage.thirdParty(), null, null);
            return new PropagationContext(fresh, 0, Ids.newSpanId());
        }
        Map<String, String> dsc = parsedBaggage.sentry();
        String baggageTraceId = dsc.get("trace_id");
        if (baggageTraceId != null && !baggageTraceId.equals(incoming.traceId())) {
            dsc = Map.of(); // baggage of another trace: do not freeze a DSC that contradicts the trace id
        }
        Double sampleRand = Sampler.parseFraction(dsc.get("sample_rand"), false);
        TraceContext trace = new TraceContext(incoming.traceId(), options, dsc, parsedBaggage.thirdParty(),
                incoming.sampled(), sampleRand);
        return new PropagationContext(trace, Ids.parseSpanId(incoming.spanId(), 0), Ids.newSpanId());
    }

    private boolean orgAllowsContinuation(String incomingOrgId) {
        String ours = options.orgId().orElse(null);
        if (incomingOrgId != null && ours != null) {
            return incomingOrgId.equals(ours);
        }
        return !options.strictTraceContinuation() || (incomingOrgId == null && ours == null);
    }

    /**
     * @return the headers that make a callee a child of {@code span}, or (without a span) of the trace this
     *     thread continues, else of a new trace
     */
    Map<String, String> headersFor(SpanImpl span) {
        TraceContext trace;
        String spanId;
        Dsc dsc;
        if (span != null) {
            trace = span.trace();
            spanId = span.spanId();
            SpanImpl segment = span.segment();
            dsc = trace.freezeDsc(segment.name(), segment.nameSource());
        } else {
            // Not stored on the thread: a pooled thread would otherwise keep this trace for every later root.
            PropagationContext context = PropagationContext.get();
            trace = context != null ? context.trace() : newTrace();
            spanId = Ids.hex(context != null ? context.propagationSpanId() : Ids.newSpanId());
            dsc = trace.freezeDsc(null, null);
        }
        SamplingDecision decision = trace.decision();
        // Without a decision of our own (library off, no rate and no sampler), pass on the caller's, or
        // none: a "-0" here would make every service downstream drop the trace.
        // The trace's decision, as the DSC says: an ignored span is not sent, but its trace is sampled.
        Boolean sampled = decision == null || !decision.counted() ? trace.parentSampled()
                : Boolean.valueOf(decision.sampled());
        Map<String, String> headers = new LinkedHashMap<>(4);
        headers.put("sentry-trace", new SentryTraceHeader(trace.traceId(), spanId, sampled).format());
        headers.put("baggage", Baggage.format(dsc, trace.thirdPartyBaggage()));
        if (options.propagateTraceparent()) {
            headers.put("traceparent", TraceParent.format(trace.traceId(), spanId, Boolean.TRUE.equals(sampled)));
        }
        return headers;
    }
}
