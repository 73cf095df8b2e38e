package io.github.sentryjakarta.jaxrs.spi;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.SpanStatus;
import io.github.sentryjakarta.integration.Instrumentation;
import io.github.sentryjakarta.integration.StatusMessage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;

/**
 * The server span of one request, kept in a request property from the pre-matching filter to whichever hook
 * sees the request end first. Several hooks may try (response filter, Jersey's FINISHED event, the servlet
 * filter): the span ends exactly once, and only the thread that started it is ever cleared.
 *
 * <p>Not API: public for the runtime adapters (see the package).
 */
public final class RequestSpan {

    /** The request property (a servlet attribute in servlet containers) that holds this object. */
    public static final String PROPERTY = "io.github.sentryjakarta.jaxrs.RequestSpan";

    /**
     * Marks a request on an ignored path: the later hooks then know that nothing was started. Any non-null
     * value other than a {@code RequestSpan} works; a string survives servlet attribute copies.
     */
    public static final String IGNORED = "ignored";

    /** Set by the servlet filter: the peer address, which JAX-RS has no portable API for. */
    public static final String CLIENT_ADDRESS = "io.github.sentryjakarta.jaxrs.clientAddress";

    /**
     * The request whose trace state this thread holds, if we put it there and have not cleared it yet. A
     * request that suspends and is never released on its container thread (no hook for that moment on this
     * runtime) would otherwise leak its span into the next request: the next request clears it first.
     */
    private static final ThreadLocal<RequestSpan> OWNER = new ThreadLocal<>();
    private static final VarHandle ENDED;

    static {
        try {
            ENDED = MethodHandles.lookup().findVarHandle(RequestSpan.class, "ended", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Span span;
    private final Thread thread;
    private final boolean ownsThread;
    /** Set once, by the hook that ends the span; a field with a {@link VarHandle}: one object less per request. */
    private volatile boolean ended;
    /** The thread the request moved to after the pre-matching filter (Quarkus REST's worker), if it did. */
    private volatile Thread handedTo;
    private volatile boolean async;
    private volatile Throwable unmappedFailure;
    /** The request headers, kept only with {@code sentry.send-default-pii}, for an error event. */
    private volatile Map<String, String> headers = Map.of();

    /**
     * @param span the started server span, current on this thread
     * @param ownsThread whether the span is a segment we started after continuing the trace here: then the
     *        thread's whole trace state is ours to clear; a child of someone else's span only ends
     */
    public RequestSpan(Span span, boolean ownsThread) {
        this.span = span;
        this.thread = Thread.currentThread();
        this.ownsThread = ownsThread;
        if (ownsThread) {
            OWNER.set(this);
        }
    }

    /** @return the request span in a request property value, or {@code null} (none, or an ignored request) */
    public static RequestSpan of(Object property) {
        return property instanceof RequestSpan requestSpan ? requestSpan : null;
    }

    /** @return the request's server span */
    public Span span() {
        return span;
    }

    /** @return whether the resource method suspends the response */
    public boolean isAsync() {
        return async;
    }

    /** Marks a resource method that suspends ({@code AsyncResponse}, {@code CompletionStage}). */
    public void markAsync() {
        async = true;
    }

    /**
     * Remembers an exception that no application mapper handled, for runtimes (Jersey 3.1, RESTEasy 6) that
     * turn it into a 500 through a built-in default mapper and then do run the response filters.
     */
    public void unmappedFailure(Throwable failure) {
        unmappedFailure = failure;
    }

    /** Keeps the request headers for an error event; called only with {@code sentry.send-default-pii}. */
    public void headers(Map<String, String> requestHeaders) {
        headers = requestHeaders;
    }

    /** @return whether some hook has ended the span */
    public boolean hasEnded() {
        return ended;
    }

    /**
     * Ends the span unless some other hook did already.
     *
     * @param status the response status, or 0 if none is known
     * @param failure an exception that no mapper turned into a response, or {@code null}
     * @return whether this call ended the span
     */
    public boolean end(int status, Throwable failure) {
        if (!ENDED.compareAndSet(this, false, true)) {
            return false;
        }
        if (failure == null) {
            failure = unmappedFailure;
        }
        Instrumentation errors = Instrumentation.installed();
        if (failure == null && status >= 500) {
            // A runtime's default mapper (RESTEasy's) answered 500 without saying why: the exception a span of
            // this request recorded is the best account of it.
            failure = errors.takeEscaped(span);
        }
        if (status > 0) {
            span.setAttribute("http.response.status_code", (long) status);
        }
        if (failure != null) {
            span.recordException(failure);
        }
        if (status >= 400 || failure != null) {
            span.setStatus(SpanStatus.ERROR);
            span.setAttribute(StatusMessage.ATTRIBUTE,
                    status >= 400 ? StatusMessage.ofHttpStatus(status) : StatusMessage.INTERNAL_ERROR);
        }
        if (failure != null && (status <= 0 || status >= 500)) {
            // Mapped to a 4xx, an exception is the client's error, not the application's: no event.
            errors.captureUnhandled(failure, span, headers);
        }
        span.end();
        return true;
    }

    /**
     * Called when the request is done with its container thread. On that thread, forgets the current span
     * and the continued trace so that nothing leaks into the next request the pooled thread serves; on any
     * other thread (an application thread that resumed an async response) does nothing, since that
     * thread's state belongs to the application.
     */
    public void releaseThread() {
        Thread here = Thread.currentThread();
        if (here == handedTo) {
            if (OWNER.get() == this) {
                forgetOwner();
            }
            Instrumentation.installed().detach(span);
            return;
        }
        if (here != thread) {
            return;
        }
        if (OWNER.get() == this) {
            forgetOwner();
        }
        if (ownsThread) {
            Instrumentation.installed().clearThread();
        }
    }

    /**
     * Makes the span current on this thread if the request moved here from the thread that started it
     * (Quarkus REST runs pre-matching filters on the event loop and blocking resource methods on a worker),
     * so that the resource's spans and outgoing calls join the request's trace.
     */
    public void followToThisThread() {
        Thread here = Thread.currentThread();
        if (here == thread || async || ended) {
            return;
        }
        Instrumentation runtime = Instrumentation.installed();
        OWNER.set(this);
        handedTo = here;
        runtime.makeCurrent(span);
    }

    /**
     * Forgets the owner of this thread. Setting {@code null} rather than removing keeps the thread's entry, so
     * that the next request's {@code set} allocates nothing: a pooled thread serves request after request.
     */
    private static void forgetOwner() {
        OWNER.set(null);
    }

    /** Clears what an earlier request of ours left on this thread; called when a request starts. */
    public static void clearStale() {
        if (OWNER.get() != null) {
            forgetOwner();
            Instrumentation.installed().clearThread();
        }
    }
}
