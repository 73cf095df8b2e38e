package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.integration.SharedAttributes;
import io.github.sentryjakarta.internal.envelope.EnvelopeQueue;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.internal.propagation.PropagationTargets;
import io.github.sentryjakarta.internal.propagation.SamplingDecision;
import io.github.sentryjakarta.internal.propagation.TraceContext;
import io.github.sentryjakarta.internal.sampling.Sampler;
import io.github.sentryjakarta.internal.span.Attributes;
import io.github.sentryjakarta.internal.span.CurrentSpan;
import io.github.sentryjakarta.internal.span.IgnoredSpans;
import io.github.sentryjakarta.internal.span.PropagationContext;
import io.github.sentryjakarta.internal.span.SpanBuilderImpl;
import io.github.sentryjakarta.internal.span.SpanData;
import io.github.sentryjakarta.internal.span.SpanImpl;
import io.github.sentryjakarta.internal.span.SpanProcessor;
import io.github.sentryjakarta.internal.span.TracerSharedState;
import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.SpanBuilder;
import io.github.sentryjakarta.integration.Installation;
import io.github.sentryjakarta.integration.Instrumentation;
import io.github.sentryjakarta.integration.CapturedContext;
import io.github.sentryjakarta.internal.context.TraceSnapshot;
import io.github.sentryjakarta.internal.error.ErrorCapture;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * One configured instance of the library: options, sampler, where finished spans go, and the drop counts.
 * {@link io.github.sentryjakarta.Traces} delegates to the {@linkplain #current() installed} runtime; until
 * one is installed, a disabled runtime answers (spans with ids, nothing recorded).
 *
 * <p>Integrations create it with {@link RuntimeAssembler#start(SentryOptions)}, {@linkplain #install install}
 * it, and {@linkplain #close(Duration) close} it at shutdown.
 */
public final class SentryRuntime implements Instrumentation, Installation, TracerSharedState {

    private static final SentryRuntime DISABLED = new SentryRuntime(
            SentryOptions.builder().enabled(false).serverName("localhost").build(), new ClientReports(),
            SpanProcessor.NOOP);
    private static volatile SentryRuntime current = DISABLED;

    private final SentryOptions options;
    private final boolean active;
    private final Sampler sampler;
    private final IgnoredSpans ignoredSpans;
    private final PropagationTargets propagationTargets;
    private final TracePropagation propagation;
    private final ClientReports clientReports;
    private final SpanProcessor processor;
    private final ErrorCapture errors;

    /**
     * @param options the configuration
     * @param clientReports where drops are counted, shared with the processor and transport
     * @param processor where finished sampled spans go
     */
    public SentryRuntime(SentryOptions options, ClientReports clientReports, SpanProcessor processor) {
        this(options, clientReports, processor, null);
    }

    /**
     * @param options the configuration
     * @param clientReports where drops are counted, shared with the processor and transport
     * @param processor where finished sampled spans go
     * @param events where error events go; {@code null} for none
     */
    public SentryRuntime(SentryOptions options, ClientReports clientReports, SpanProcessor processor,
            EnvelopeQueue events) {
        this.options = options;
        this.active = options.isActive();
        this.sampler = new Sampler(options);
        this.ignoredSpans = new IgnoredSpans(options.ignoreSpans());
        this.propagationTargets = new PropagationTargets(options);
        this.propagation = new TracePropagation(options);
        this.clientReports = clientReports;
        this.processor = processor;
        this.errors = new ErrorCapture(options, active ? events : null);
    }

    /** @return the installed runtime, or a disabled one */
    public static SentryRuntime current() {
        return current;
    }

    /** Makes {@code runtime} the one {@code Traces} uses; {@code null} installs the disabled runtime. */
    public static void install(SentryRuntime runtime) {
        current = runtime == null ? DISABLED : runtime;
    }

    /** Uninstalls {@code runtime} if it is the installed one. */
    public static void uninstall(SentryRuntime runtime) {
        if (current == runtime) {
            current = DISABLED;
        }
    }

    /** @return the options */
    @Override
    public SentryOptions options() {
        return options;
    }

    /** @return whether spans are recorded and sent */
    @Override
    public boolean isActive() {
        return active;
    }

    /** @return the drop counts */
    public ClientReports clientReports() {
        return clientReports;
    }

    /** @return where exceptions become error events */
    public ErrorCapture errors() {
        return errors;
    }

    /** Captures a handled exception as an error event linked to the current span. @return its event id, if sent */
    @Override
    public Optional<String> captureException(Throwable exception) {
        return errors.capture(exception, CurrentSpan.get());
    }

    /** A span recorded an exception leaving it: the first span to do so is where it happened. */
    @Override
    public void onException(SpanImpl span, Throwable exception) {
        errors.noteEscaping(exception, span);
    }

    /** Starts a span: child of the current span, or a new local root. */
    @Override
    public Span startSpan(String name) {
        return start(name, null, false, true, null, null);
    }

    /**
     * Starts a span, child of the current span or a new local root, with start attributes shared by every span
     * started with them (prepared once, e.g. per intercepted method, and never changed afterwards): a span
     * copies them only before its own first write, so a call that starts a span this way builds and boxes
     * nothing, whether the span records or not.
     */
    @Override
    public Span startSpan(String name, SharedAttributes shared) {
        return start(name, null, false, true, (Attributes) shared, null);
    }

    @Override
    public SharedAttributes share(Map<String, ?> attributes) {
        Attributes shared = new Attributes();
        attributes.forEach(shared::put);
        return shared;
    }

    /** @return a builder for a span */
    @Override
    public SpanBuilder spanBuilder(String name) {
        return new SpanBuilderImpl(this, name);
    }

    /**
     * @return a builder for a local root that continues the trace of an incoming call from its headers (as
     *     {@link #continueTrace} reads them), leaving this thread's own state alone: once the span exists,
     *     children follow it, and nothing of the incoming trace stays on a pooled thread after it ends
     */
    @Override
    public SpanBuilder spanBuilder(String name, Function<String, String> incomingHeaders) {
        return new SpanBuilderImpl(this, name, propagation.incoming(incomingHeaders));
    }

    /** @return the current span of this thread */
    @Override
    public Optional<Span> currentSpan() {
        return Optional.ofNullable(CurrentSpan.get());
    }

    /** @param continued the incoming trace of a new local root, or {@code null} for this thread's */
    @Override
    public Span start(String name, SpanImpl explicitParent, boolean noParent, boolean makeCurrent, Attributes attributes,
            PropagationContext continued) {
        String spanName = name == null || name.isEmpty() ? "<unnamed>" : Attributes.truncate(name);
        SpanImpl parent = explicitParent != null ? explicitParent : noParent || continued != null ? null : CurrentSpan.get();
        boolean ignored = ignores(spanName);
        SpanImpl span;
        if (parent != null) {
            boolean recording = parent.recording() && !ignored;
            DiscardReason countAs = recording ? null : ignored ? DiscardReason.IGNORED : parent.countAs();
            span = new SpanImpl(parent, spanName, recording, countAs, attributes);
            if (ignored) {
                // Not made current: its children attach to its parent instead of to a span that is never sent.
                makeCurrent = false;
            }
        } else {
            PropagationContext context = continued != null ? continued : PropagationContext.get();
            TraceContext trace = context != null ? context.trace() : propagation.newTrace();
            long remoteParent = context != null ? context.remoteParentSpanId() : 0;
            SamplingDecision decision = trace.decide(active ? sampler : null, spanName, attributes);
            boolean recording = active && decision.sampled() && !ignored;
            DiscardReason countAs = recording || !active ? null
                    : ignored ? DiscardReason.IGNORED : decision.counted() ? DiscardReason.SAMPLE_RATE : null;
            span = new SpanImpl(this, trace, remoteParent, spanName, recording, countAs, attributes);
            if (recording && decision.rate() != null) {
                span.setAttribute("sentry.sample_rate", decision.rate());
            }
        }
        if (makeCurrent) {
            CurrentSpan.attach(span);
        }
        return span;
    }

    /** @return whether a span of this name is dropped by {@code sentry.ignore-spans} */
    @Override
    public boolean ignores(String name) {
        return active && !ignoredSpans.isEmpty() && ignoredSpans.matches(name);
    }

    @Override
    public void onEnd(SpanData span) {
        processor.onEnd(span);
    }

    /** A recording span whose name (or whose root's) is ignored. @param segmentId its id if it is a root, else 0 */
    @Override
    public void onIgnoredEnd(long segmentId) {
        clientReports.record(DiscardReason.IGNORED, DataCategory.SPAN, 1);
        if (segmentId != 0) {
            processor.onIgnoredSegment(segmentId);
        }
    }

    @Override
    public void onNotRecordedEnd(DiscardReason countAs) {
        if (countAs != null) {
            clientReports.record(countAs, DataCategory.SPAN, 1);
        }
    }

    /**
     * Continues the trace of an incoming request on this thread: local roots started here join it. Reads
     * {@code sentry-trace}, {@code baggage} and (without {@code sentry-trace}) {@code traceparent}; input
     * that does not parse, or an org id that is not ours, starts a new trace instead. Never throws.
     *
     * @param headerLookup returns a header's value by its lowercase name, or {@code null}
     */
    @Override
    public void continueTrace(Function<String, String> headerLookup) {
        PropagationContext.set(propagation.incoming(headerLookup));
    }

    /**
     * Stops {@code span} being current on this thread without ending it, restoring what was current before.
     * For work that continues elsewhere (a returned {@code CompletionStage}): the span ends later, on
     * another thread, and must not stay current here meanwhile.
     */
    @Override
    public void detach(io.github.sentryjakarta.Span span) {
        if (span instanceof SpanImpl impl) {
            CurrentSpan.detach(impl);
        }
    }

    /**
     * Makes {@code span} current on this thread too, until it ends or is {@linkplain #detach detached} here.
     * For runtimes that hand one request from thread to thread (Quarkus REST: an event loop, then a worker),
     * so that what the request does on the second thread joins its span.
     */
    @Override
    public void makeCurrent(io.github.sentryjakarta.Span span) {
        if (span instanceof SpanImpl impl && !impl.hasEnded() && CurrentSpan.get() != impl) {
            CurrentSpan.attach(impl);
        }
    }

    /** Forgets the continued trace of this thread: the next local root starts a new trace. */
    @Override
    public void newTrace() {
        PropagationContext.set(null);
    }

    /**
     * Forgets everything this thread holds: current span and continued trace. Integrations call it when a
     * pooled thread finishes a request, so nothing leaks into the next one.
     */
    @Override
    public void clearThread() {
        CurrentSpan.clear();
        PropagationContext.set(null);
    }

    /** @return the headers for an outgoing call: {@code sentry-trace}, {@code baggage}, maybe {@code traceparent} */
    @Override
    public Map<String, String> propagationHeaders() {
        return propagation.headersFor(CurrentSpan.get());
    }

    /** @return the propagation headers if {@code url} matches {@code sentry.trace-propagation-targets}, else none */
    public Map<String, String> propagationHeaders(String url) {
        return propagationTargets.matches(url) ? propagationHeaders() : Map.of();
    }

    /**
     * @return the headers that make the callee a child of {@code span} (e.g. an {@code http.client} span that
     *     is not current), if {@code url} matches {@code sentry.trace-propagation-targets}, else none
     */
    @Override
    public Map<String, String> propagationHeaders(io.github.sentryjakarta.Span span, String url) {
        if (!propagationTargets.matches(url)) {
            return Map.of();
        }
        return propagation.headersFor(span instanceof SpanImpl impl ? impl : CurrentSpan.get());
    }

    /** Sends everything buffered. @return whether it was handed over within the timeout */
    @Override
    public boolean flush(Duration timeout) {
        return processor.flush(timeout);
    }

    /** Flushes within the timeout, then refuses and counts new spans. */
    @Override
    public void close(Duration timeout) {
        uninstall(this);
        processor.close(timeout);
    }

    @Override
    public Installation configure(SentryOptions options) {
        return RuntimeAssembler.start(options);
    }

    @Override
    public void install() {
        install(this);
    }

    @Override
    public Runnable wrap(Runnable task) {
        return TraceSnapshot.capture().wrap(task);
    }

    @Override
    public <V> Callable<V> wrap(Callable<V> task) {
        return TraceSnapshot.capture().wrap(task);
    }

    @Override
    public Executor wrap(Executor executor) {
        return TraceSnapshot.contextual(executor);
    }

    @Override
    public ExecutorService wrap(ExecutorService executor) {
        return TraceSnapshot.contextual(executor);
    }

    @Override
    public CapturedContext captureContext() {
        return TraceSnapshot.capture();
    }

    @Override
    public CapturedContext emptyContext() {
        return TraceSnapshot.empty();
    }

    @Override
    public boolean capturesUnhandled() {
        return errors.capturesUnhandled();
    }

    @Override
    public Throwable takeEscaped(Span segment) {
        return errors.takeEscaped(segment);
    }

    @Override
    public void captureUnhandled(Throwable exception, Span serverSpan, Map<String, String> headers) {
        errors.captureUnhandled(exception, serverSpan, headers);
    }
}
