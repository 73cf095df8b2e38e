package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.SpanBuilder;
import io.github.sentryjakarta.integration.CapturedContext;
import io.github.sentryjakarta.integration.Installation;
import io.github.sentryjakarta.integration.Instrumentation;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.integration.SharedAttributes;
import io.github.sentryjakarta.internal.envelope.EnvelopeQueue;
import io.github.sentryjakarta.internal.error.ErrorCapture;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.propagation.PropagationTargets;
import io.github.sentryjakarta.internal.span.Attributes;
import io.github.sentryjakarta.internal.span.CurrentSpan;
import io.github.sentryjakarta.internal.span.SpanBuilderImpl;
import io.github.sentryjakarta.internal.span.SpanImpl;
import io.github.sentryjakarta.internal.span.SpanProcessor;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * One configured instance of the library, as a thin front over its parts: {@link SpanFactory} starts spans
 * (and is the state they share), {@link SpanEnds} routes their ends, {@link ThreadTraceState} holds what a
 * thread carries, {@link TracePropagation} reads and writes trace headers, and the span processor flushes and
 * closes. {@link InstalledTracer} delegates to the {@linkplain #current() installed} runtime.
 *
 * <p>Integrations create it with {@link RuntimeAssembler#start(SentryOptions)}, {@linkplain #install install}
 * it, and {@linkplain #close(Duration) close} it at shutdown.
 */
public final class SentryRuntime implements Instrumentation, Installation {

    private final SentryOptions options;
    private final boolean active;
    private final ClientReports clientReports;
    private final SpanProcessor processor;
    private final ErrorCapture errors;
    private final PropagationTargets propagationTargets;
    private final TracePropagation propagation;
    private final SpanFactory spans;
    private final ThreadTraceState thread;

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
        this.clientReports = clientReports;
        this.processor = processor;
        this.errors = new ErrorCapture(options, active ? events : null);
        this.propagationTargets = new PropagationTargets(options);
        this.propagation = new TracePropagation(options);
        this.spans = new SpanFactory(options, propagation, new SpanEnds(processor, clientReports, errors));
        this.thread = new ThreadTraceState(propagation);
    }

    /** @return the installed runtime, or a disabled one */
    public static SentryRuntime current() {
        return InstalledRuntime.get();
    }

    /** Makes {@code runtime} the one {@code Traces} uses; {@code null} installs the disabled runtime. */
    public static void install(SentryRuntime runtime) {
        InstalledRuntime.set(runtime);
    }

    /** Uninstalls {@code runtime} if it is the installed one. */
    public static void uninstall(SentryRuntime runtime) {
        InstalledRuntime.clear(runtime);
    }

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

    // Spans

    @Override
    public Span startSpan(String name) {
        return spans.start(name, null, false, true, null, null);
    }

    /**
     * A span copies {@code shared} only before its own first write, so a call that starts a span this way builds
     * and boxes nothing, whether the span records or not.
     */
    @Override
    public Span startSpan(String name, SharedAttributes shared) {
        return spans.start(name, null, false, true, (Attributes) shared, null);
    }

    @Override
    public SharedAttributes share(Map<String, ?> attributes) {
        Attributes shared = new Attributes();
        attributes.forEach(shared::put);
        return shared;
    }

    @Override
    public SpanBuilder spanBuilder(String name) {
        return new SpanBuilderImpl(spans, name);
    }

    /** The incoming trace goes to the builder, not to this thread: nothing of it stays on a pooled thread. */
    @Override
    public SpanBuilder spanBuilder(String name, Function<String, String> incomingHeaders) {
        return new SpanBuilderImpl(spans, name, propagation.incoming(incomingHeaders));
    }

    // Errors

    @Override
    public Optional<String> captureException(Throwable exception) {
        return errors.capture(exception, CurrentSpan.get());
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

    // This thread

    @Override
    public Optional<Span> currentSpan() {
        return thread.currentSpan();
    }

    @Override
    public void continueTrace(Function<String, String> headerLookup) {
        thread.continueTrace(headerLookup);
    }

    @Override
    public void newTrace() {
        thread.newTrace();
    }

    @Override
    public void detach(Span span) {
        thread.detach(span);
    }

    @Override
    public void makeCurrent(Span span) {
        thread.makeCurrent(span);
    }

    @Override
    public void clearThread() {
        thread.clear();
    }

    @Override
    public Runnable wrap(Runnable task) {
        return thread.wrap(task);
    }

    @Override
    public <V> Callable<V> wrap(Callable<V> task) {
        return thread.wrap(task);
    }

    @Override
    public Executor wrap(Executor executor) {
        return thread.wrap(executor);
    }

    @Override
    public ExecutorService wrap(ExecutorService executor) {
        return thread.wrap(executor);
    }

    @Override
    public CapturedContext captureContext() {
        return thread.capture();
    }

    @Override
    public CapturedContext emptyContext() {
        return thread.empty();
    }

    // Outgoing calls

    @Override
    public Map<String, String> propagationHeaders() {
        return propagation.headersFor(CurrentSpan.get());
    }

    /** @return the propagation headers if {@code url} matches {@code sentry.trace-propagation-targets}, else none */
    public Map<String, String> propagationHeaders(String url) {
        return propagationTargets.matches(url) ? propagationHeaders() : Map.of();
    }

    @Override
    public Map<String, String> propagationHeaders(Span span, String url) {
        if (!propagationTargets.matches(url)) {
            return Map.of();
        }
        return propagation.headersFor(span instanceof SpanImpl impl ? impl : CurrentSpan.get());
    }

    // Lifecycle

    @Override
    public Installation configure(SentryOptions options) {
        return RuntimeAssembler.start(options);
    }

    @Override
    public void install() {
        install(this);
    }

    @Override
    public boolean flush(Duration timeout) {
        return processor.flush(timeout);
    }

    /** Uninstalls this runtime, flushes within the timeout, then refuses and counts new spans. */
    @Override
    public void close(Duration timeout) {
        uninstall(this);
        processor.close(timeout);
    }
}
