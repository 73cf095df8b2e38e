package io.github.sentryjakarta.internal.error;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.internal.propagation.Dsc;
import io.github.sentryjakarta.internal.span.EventTraceContext;
import io.github.sentryjakarta.integration.Instrumentation;
import io.sentry.Baggage;
import io.sentry.EventProcessor;
import io.sentry.Hint;
import io.sentry.PropagationContext;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.SpanContext;
import io.sentry.SpanId;
import io.sentry.protocol.SentryId;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@code io.sentry} event processor, on the SDK's global scope, that puts an event captured while one of our
 * spans is current into our trace: {@code contexts.trace} names our span (trace id, span id, parent, op), the
 * event's {@code transaction} is our local root's name when it has none, and the scope's propagation context
 * becomes our trace with our DSC, from which the SDK writes the envelope's {@code trace} header. An event
 * captured outside our spans after that gets a fresh propagation context instead, so that it is not filed
 * under a trace that has ended. Runs on the thread that captures, as the SDK calls it.
 */
final class SentryJavaEventProcessor implements EventProcessor {

    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    /** The propagation contexts this processor set, to recognise (and replace) them once our span is gone. */
    private final Set<PropagationContext> ours = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    static void install() {
        if (INSTALLED.compareAndSet(false, true)) {
            Sentry.getGlobalScope().addEventProcessor(new SentryJavaEventProcessor());
        }
    }

    @Override
    public SentryEvent process(SentryEvent event, Hint hint) {
        Instrumentation runtime = Instrumentation.installed();
        Span span = runtime.isActive() ? runtime.currentSpan().orElse(null) : null;
        EventTraceContext trace = EventTraceContext.of(span);
        if (trace == null) {
            Sentry.configureScope(scope -> {
                if (ours.contains(scope.getPropagationContext())) {
                    PropagationContext fresh = new PropagationContext();
                    scope.setPropagationContext(fresh);
                    event.getContexts().setTrace(fresh.toSpanContext());
                }
            });
            return event;
        }
        SentryId traceId = new SentryId(trace.traceId());
        SpanId parent = trace.parentSpanId() == null ? null : new SpanId(trace.parentSpanId());
        event.getContexts().setTrace(new SpanContext(traceId, new SpanId(trace.spanId()), parent,
                trace.op() == null ? "default" : trace.op(), null, null, null, null));
        if (event.getTransaction() == null) {
            event.setTransaction(trace.segmentName());
        }
        Dsc dsc = trace.dsc();
        String sampled = dsc.get("sampled");
        String baggage = io.github.sentryjakarta.internal.propagation.Baggage.format(dsc, null);
        PropagationContext context = new PropagationContext(traceId, new SpanId(trace.spanId()), parent,
                Baggage.fromHeader(baggage), sampled == null ? null : Boolean.valueOf(sampled));
        ours.add(context);
        Sentry.configureScope(scope -> scope.setPropagationContext(context));
        return event;
    }
}
