package io.github.sentryjakarta.cdi;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.integration.Instrumentation;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The interceptor of {@link SentrySpan}: one span per intercepted call.
 *
 * <h2>Priority</h2>
 * {@code @Priority(Interceptor.Priority.LIBRARY_BEFORE + 10)} (1010), which also enables it for the whole
 * application without a {@code beans.xml} entry. Interceptors with a smaller priority run outside it, so
 * the span does not include them: platform interceptors such as {@code @Transactional} (from
 * {@code PLATFORM_BEFORE}, 0) wrap the span, and the time of a transaction commit is not part of it.
 * Application interceptors ({@code APPLICATION}, 2000) and other library interceptors above 1010 run inside
 * the span, so spans they start are its children and their time is included.
 *
 * <h2>Self-invocation</h2>
 * As for every CDI interceptor, only calls through the bean's reference are intercepted. A bean method
 * calling another method of the same bean through {@code this} (explicitly or not) gets no span for that
 * inner call; neither do private, static or final methods. Move the method to another bean, or inject the
 * bean into itself, if the inner call needs its own span.
 *
 * <h2>What it records</h2>
 * The span name is {@link SentrySpan#value()} or {@code SimpleClassName.methodName} (the bean class, not a
 * container proxy), {@code sentry.op} is {@link SentrySpan#op()} or {@code function}, {@code sentry.origin}
 * is {@code auto.function.jakarta_cdi}, and {@code code.function} / {@code code.namespace} hold the method
 * name and the bean class name. These are worked out once per bean class and method and cached, and every
 * span of a method shares one instance of its attributes, so a call does no annotation lookup and builds no
 * attributes, whether its span records or not. An exception thrown by the method records {@code error} on the
 * span and is rethrown as is (same instance). A method whose result is a {@link CompletionStage} ends its span when the
 * stage completes, on whatever thread completes it ({@code error} on exceptional completion, a
 * {@link CompletionException} unwrapped), and the caller gets the dependent stage (same declared type) that
 * completes after the span ended; the span is current only while the method body runs.
 *
 * <p>When the library is disabled (no DSN, {@code sentry.enabled=false}) a call costs one branch.
 */
@SentrySpan
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 10)
public class SentrySpanInterceptor {

    /** {@code sentry.origin} of the spans of this interceptor. */
    public static final String ORIGIN = "auto.function.jakarta_cdi";

    private static final System.Logger LOG = System.getLogger(SentrySpanInterceptor.class.getName());
    private static final AtomicBoolean START_FAILURE_LOGGED = new AtomicBoolean();

    /** Wraps one call in a span. */
    @AroundInvoke
    public Object traceCall(InvocationContext ctx) throws Exception {
        Instrumentation runtime = Instrumentation.installed();
        if (!runtime.isActive()) {
            return ctx.proceed();
        }
        Span span;
        try {
            SpanMetadata meta = SpanMetadata.of(ctx);
            span = runtime.startSpan(meta.name(), meta.attributes());
        } catch (RuntimeException e) {
            // Tracing must never fail the business call (SPEC §12): run it untraced.
            if (START_FAILURE_LOGGED.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "sentry-jakarta could not start a span; calls run untraced", e);
            }
            return ctx.proceed();
        }
        Object result;
        try {
            result = ctx.proceed();
        } catch (Throwable t) {
            span.recordException(t);
            span.end();
            throw t;
        }
        if (result instanceof CompletionStage<?> stage) {
            return endOnCompletion(runtime, span, stage, ctx.getMethod().getReturnType());
        }
        span.end();
        return result;
    }

    /**
     * Ends the span when {@code stage} completes, and returns the stage the caller must see: the dependent one
     * that completes only after the span has ended, so a caller that joins it never goes on (and never ends a
     * parent span) before this span ended. The dependent stage is returned only where the method's declared
     * type allows it (a {@code CompletableFuture} yields a {@code CompletableFuture}); a stage that has already
     * completed ends the span at once and is returned as it is.
     */
    private static Object endOnCompletion(Instrumentation runtime, Span span, CompletionStage<?> stage,
            Class<?> declared) {
        // The work goes on elsewhere: the span stays open, but must not stay current on this thread.
        runtime.detach(span);
        if (stage instanceof CompletableFuture<?> future && future.isDone()) {
            end(span, future.isCompletedExceptionally() ? failureOf(future) : null);
            return stage;
        }
        CompletionStage<?> dependent;
        try {
            dependent = stage.whenComplete((value, failure) -> end(span, failure));
        } catch (RuntimeException | Error e) {
            // A stage implementation that refuses callbacks: end now rather than leave the span open.
            span.end();
            return stage;
        }
        if (declared.isInstance(dependent)) {
            return dependent;
        }
        // A declared subtype the dependent stage is not (rare): the span still ends, maybe just after the caller
        // sees the completion.
        return stage;
    }

    private static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.recordException(unwrap(failure));
        }
        span.end();
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        try {
            future.join();
            return null;
        } catch (CompletionException | CancellationException e) {
            return e;
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
