package io.github.sentryjakarta.it.shop;

import jakarta.ejb.AsyncResult;
import jakarta.enterprise.concurrent.ContextServiceDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.concurrent.Future;

/**
 * EJB {@code @Asynchronous}: the EJB container runs the call on its own thread pool, not a Jakarta Concurrency one.
 *
 * <p>Also declares the application's own Jakarta Concurrency resources (on an EJB, a component class every server
 * processes resource definitions on): a {@code ContextService} propagating every remaining context type (the
 * library's "Sentry" among them) and a managed executor using it. Open Liberty applies third-party context
 * providers only to such application-defined context services, not to its default ones.
 */
@ContextServiceDefinition(name = EjbWorker.TRACED_CONTEXT, propagated = ContextServiceDefinition.ALL_REMAINING)
@ManagedExecutorDefinition(name = EjbWorker.TRACED_EXECUTOR, context = EjbWorker.TRACED_CONTEXT)
@Stateless
public class EjbWorker {

    static final String TRACED_CONTEXT = "java:app/concurrent/TracedContext";
    static final String TRACED_EXECUTOR = "java:app/concurrent/TracedExecutor";

    @Inject
    Worker worker;

    @Asynchronous
    public Future<String> step(long id) {
        return new AsyncResult<>(worker.step(id));
    }
}
