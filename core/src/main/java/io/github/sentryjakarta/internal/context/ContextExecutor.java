package io.github.sentryjakarta.internal.context;

import java.util.concurrent.Executor;

/**
 * An {@link Executor} that runs each task in the trace context of the thread that submitted it (captured at
 * {@link #execute}), and with the thread's own state put back afterwards. {@link ContextExecutorService} builds
 * on it for the rest of an {@code ExecutorService}.
 *
 * @param <E> the kind of executor wrapped
 */
sealed class ContextExecutor<E extends Executor> implements Executor permits ContextExecutorService {

    final E delegate;

    ContextExecutor(E delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable command) {
        delegate.execute(TraceSnapshot.capture().wrap(command));
    }

    @Override
    public String toString() {
        return "traced " + delegate;
    }
}
