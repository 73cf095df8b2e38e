package io.github.sentryjakarta.jaxrs;

import io.github.sentryjakarta.integration.Instrumentation;
import io.github.sentryjakarta.integration.CapturedContext;
import org.jboss.resteasy.spi.concurrent.ThreadContext;

/**
 * Carries the trace into RESTEasy's contextual executors, which run its async client calls ({@code .async()},
 * {@code .rx()}, MicroProfile REST Client {@code CompletionStage} methods) and other async work: captured on
 * the submitting thread, applied around the task, the thread's own state restored after. RESTEasy finds it
 * through {@code META-INF/services/org.jboss.resteasy.spi.concurrent.ThreadContext}; other runtimes never
 * load it.
 *
 * <p>Not API: public only for the {@code ServiceLoader}.
 */
public final class ResteasyTraceContext implements ThreadContext<CapturedContext> {

    /** What {@link #push} replaced on this thread, innermost first, for {@link #reset}. */
    private static final ThreadLocal<Pushed> PUSHED = new ThreadLocal<>();

    private record Pushed(CapturedContext.Restorer restorer, Pushed outer) {
    }

    /** Created by RESTEasy's {@code ServiceLoader}. */
    public ResteasyTraceContext() {
    }

    @Override
    public CapturedContext capture() {
        return Instrumentation.installed().captureContext();
    }

    @Override
    public void push(CapturedContext context) {
        PUSHED.set(new Pushed(context.apply(), PUSHED.get()));
    }

    @Override
    public void reset(CapturedContext context) {
        Pushed pushed = PUSHED.get();
        if (pushed == null) {
            return;
        }
        pushed.restorer().restore();
        if (pushed.outer() == null) {
            PUSHED.remove();
        } else {
            PUSHED.set(pushed.outer());
        }
    }
}
