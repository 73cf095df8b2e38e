package io.github.sentryjakarta.internal.error;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.internal.span.EventTraceContext;
import io.github.sentryjakarta.integration.SentryOptions;
import java.lang.ref.WeakReference;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns exceptions into error events, each linked to the span it happened in, and hands them to the transport.
 * Runs on the application thread, on the error path only: it marks the exception, takes the span's context and
 * the request, and queues; the chain, the frames, the user's hook and the JSON come later, on the sender thread
 * ({@link EventPreparer} and the envelope encoder).
 *
 * <ul>
 *   <li>Once per exception: an exception (or one in its cause chain) captured already is not captured again,
 *       however many layers it passes or wraps it.</li>
 *   <li>Where it happened: the first span that {@linkplain Span#recordException recorded} it (the innermost
 *       {@code @SentrySpan} it left), else the span current when it was captured.</li>
 *   <li>Request headers only with {@code sentry.send-default-pii}, and never credentials.</li>
 * </ul>
 */
public final class ErrorCapture {

    /** The mechanism of exceptions that leave a JAX-RS request unmapped. */
    public static final String JAXRS_SERVER = "auto.http.jakarta_rest.server";

    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "set-cookie", "x-sentry-auth", "x-api-key", "x-auth-token");
    private static final int MAX_HEADERS = 64;
    private static final int ESCAPED_SEGMENTS = 256;

    private final EventQueue queue;
    private final boolean captureUnhandled;
    private final boolean sendDefaultPii;
    private final CapturedThrowables<Boolean> captured = new CapturedThrowables<>();
    private final CapturedThrowables<EventTraceContext> sites = new CapturedThrowables<>();
    /** Per local root (span id): the last exception recorded in one of its spans, for a 5xx whose cause the runtime hid. */
    private final Map<String, WeakReference<Throwable>> escapedBySegment = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, WeakReference<Throwable>> eldest) {
            return size() > ESCAPED_SEGMENTS;
        }
    };

    /**
     * @param options {@code sentry.capture-unhandled} and {@code sentry.send-default-pii}
     * @param queue where events go; {@code null} when the library is off (nothing is captured)
     */
    public ErrorCapture(SentryOptions options, EventQueue queue) {
        this.queue = queue;
        this.captureUnhandled = options.captureUnhandled();
        this.sendDefaultPii = options.sendDefaultPii();
        if (queue != null) {
            SentryJavaLink.installIfPresent();
        }
    }

    /** @return whether integrations capture exceptions that leave a request unmapped ({@code sentry.capture-unhandled}) */
    public boolean capturesUnhandled() {
        return queue != null && captureUnhandled;
    }

    /** Notes that {@code exception} left {@code span}: the first span to note it is where it happened. */
    public void noteEscaping(Throwable exception, Span span) {
        if (queue == null || exception == null) {
            return;
        }
        EventTraceContext site = EventTraceContext.of(span);
        if (site == null) {
            return;
        }
        sites.putIfAbsent(exception, site);
        synchronized (escapedBySegment) {
            escapedBySegment.put(site.segmentId(), new WeakReference<>(exception));
        }
    }

    /**
     * @return the last exception recorded in a span of {@code segment}'s local root, and forgets it; for runtimes
     *     whose default mapper answers 500 without telling which exception (RESTEasy)
     */
    public Throwable takeEscaped(Span segment) {
        EventTraceContext context = EventTraceContext.of(segment);
        if (queue == null || context == null) {
            return null;
        }
        synchronized (escapedBySegment) {
            WeakReference<Throwable> escaped = escapedBySegment.remove(context.segmentId());
            return escaped == null ? null : escaped.get();
        }
    }

    /**
     * Captures an exception the application handled ({@code Traces.captureException}).
     *
     * @param current the span current on the calling thread, or {@code null}
     * @return the event id, or empty when nothing is sent (library off, captured already)
     */
    public Optional<String> capture(Throwable exception, Span current) {
        return capture(exception, true, "generic", current, Map.of());
    }

    /**
     * Captures an exception that left a request unmapped (or that the runtime's default mapper answered with a
     * 5xx), unless {@code sentry.capture-unhandled} is off.
     *
     * @param serverSpan the request's span, where the event links to unless a span inside it recorded the exception
     * @param headers the request's headers by name; sent only with {@code sentry.send-default-pii}
     * @return the event id, or empty when nothing is sent
     */
    public Optional<String> captureUnhandled(Throwable exception, Span serverSpan, Map<String, String> headers) {
        if (!captureUnhandled) {
            return Optional.empty();
        }
        return capture(exception, false, JAXRS_SERVER, serverSpan, headers);
    }

    private Optional<String> capture(Throwable exception, boolean handled, String mechanism, Span fallback,
            Map<String, String> headers) {
        if (queue == null || exception == null || !markChain(exception)) {
            return Optional.empty();
        }
        EventTraceContext trace = site(exception);
        if (trace == null) {
            trace = EventTraceContext.of(fallback);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String eventId = String.format("%016x%016x", random.nextLong(), random.nextLong());
        ErrorEvent event = new ErrorEvent(eventId, System.currentTimeMillis(), exception, handled, mechanism, trace,
                trace == null ? null : trace.request(), safeHeaders(headers));
        queue.enqueueEvent(trace == null ? null : trace.dsc(), event);
        return Optional.of(eventId);
    }

    /** Marks the exception and its causes. @return false if one of them was captured already */
    private boolean markChain(Throwable exception) {
        Throwable t = exception;
        for (int i = 0; t != null && i < ExceptionChain.MAX_EXCEPTIONS; i++, t = t.getCause()) {
            if (captured.get(t) != null) {
                return false;
            }
        }
        t = exception;
        for (int i = 0; t != null && i < ExceptionChain.MAX_EXCEPTIONS; i++, t = t.getCause()) {
            captured.putIfAbsent(t, Boolean.TRUE);
        }
        return true;
    }

    /** @return where the exception, or the first of its causes that a span recorded, happened */
    private EventTraceContext site(Throwable exception) {
        Throwable t = exception;
        for (int i = 0; t != null && i < ExceptionChain.MAX_EXCEPTIONS; i++, t = t.getCause()) {
            EventTraceContext site = sites.get(t);
            if (site != null) {
                return site;
            }
        }
        return null;
    }

    private Map<String, String> safeHeaders(Map<String, String> headers) {
        if (!sendDefaultPii || headers == null || headers.isEmpty()) {
            return Map.of();
        }
        Map<String, String> safe = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (safe.size() == MAX_HEADERS) {
                break;
            }
            String name = header.getKey();
            if (name != null && header.getValue() != null
                    && !CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                safe.put(name, header.getValue());
            }
        }
        return safe;
    }
}
