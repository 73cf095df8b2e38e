package io.github.sentryjakarta.cdi.testbeans;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

/** Stands in for a server's default ManagedThreadFactory: counts the threads it makes. */
@ApplicationScoped
public class CountingThreadFactory implements ManagedThreadFactory {

    public static final AtomicInteger CREATED = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
        CREATED.incrementAndGet();
        Thread t = new Thread(r, "managed-" + CREATED.get());
        t.setDaemon(true);
        return t;
    }

    @Override
    public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
        CREATED.incrementAndGet();
        return ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
    }
}
