package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.SpanBuilder;
import io.github.sentryjakarta.integration.Installation;
import io.github.sentryjakarta.integration.Instrumentation;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.integration.CapturedContext;
import io.github.sentryjakarta.integration.SharedAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * The tracer {@link io.github.sentryjakarta.Traces} finds through {@link java.util.ServiceLoader}: each call goes
 * to the runtime {@linkplain SentryRuntime#current() installed} at that moment, so that one instance serves the
 * API, CDI injection and the integrations across installs and shutdowns. One volatile read per call.
 */
public final class InstalledTracer implements Instrumentation {

    /** For {@link java.util.ServiceLoader}. */
    public InstalledTracer() {
    }

    @Override
    public Span startSpan(String name) {
        return SentryRuntime.current().startSpan(name);
    }

    @Override
    public Span startSpan(String name, SharedAttributes attributes) {
        return SentryRuntime.current().startSpan(name, attributes);
    }

    @Override
    public SharedAttributes share(Map<String, ?> attributes) {
        return SentryRuntime.current().share(attributes);
    }

    @Override
    public SpanBuilder spanBuilder(String name) {
        return SentryRuntime.current().spanBuilder(name);
    }

    @Override
    public SpanBuilder spanBuilder(String name, Function<String, String> incomingHeaders) {
        return SentryRuntime.current().spanBuilder(name, incomingHeaders);
    }

    @Override
    public Optional<Span> currentSpan() {
        return SentryRuntime.current().currentSpan();
    }

    @Override
    public Optional<String> captureException(Throwable exception) {
        return SentryRuntime.current().captureException(exception);
    }

    @Override
    public void continueTrace(Function<String, String> headerLookup) {
        SentryRuntime.current().continueTrace(headerLookup);
    }

    @Override
    public void newTrace() {
        SentryRuntime.current().newTrace();
    }

    @Override
    public Map<String, String> propagationHeaders() {
        return SentryRuntime.current().propagationHeaders();
    }

    @Override
    public Map<String, String> propagationHeaders(Span span, String url) {
        return SentryRuntime.current().propagationHeaders(span, url);
    }

    @Override
    public Runnable wrap(Runnable task) {
        return SentryRuntime.current().wrap(task);
    }

    @Override
    public <V> Callable<V> wrap(Callable<V> task) {
        return SentryRuntime.current().wrap(task);
    }

    @Override
    public Executor wrap(Executor executor) {
        return SentryRuntime.current().wrap(executor);
    }

    @Override
    public ExecutorService wrap(ExecutorService executor) {
        return SentryRuntime.current().wrap(executor);
    }

    @Override
    public Installation configure(SentryOptions options) {
        return RuntimeAssembler.start(options);
    }

    @Override
    public boolean isActive() {
        return SentryRuntime.current().isActive();
    }

    @Override
    public SentryOptions options() {
        return SentryRuntime.current().options();
    }

    @Override
    public void detach(Span span) {
        SentryRuntime.current().detach(span);
    }

    @Override
    public void makeCurrent(Span span) {
        SentryRuntime.current().makeCurrent(span);
    }

    @Override
    public void clearThread() {
        SentryRuntime.current().clearThread();
    }

    @Override
    public CapturedContext captureContext() {
        return SentryRuntime.current().captureContext();
    }

    @Override
    public CapturedContext emptyContext() {
        return SentryRuntime.current().emptyContext();
    }

    @Override
    public boolean capturesUnhandled() {
        return SentryRuntime.current().capturesUnhandled();
    }

    @Override
    public Throwable takeEscaped(Span segment) {
        return SentryRuntime.current().takeEscaped(segment);
    }

    @Override
    public void captureUnhandled(Throwable exception, Span serverSpan, Map<String, String> headers) {
        SentryRuntime.current().captureUnhandled(exception, serverSpan, headers);
    }
}
