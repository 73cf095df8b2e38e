package io.github.sentryjakarta.internal.transport;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The transport's sender threads: started only when envelopes wait and none is idle, up to the request limit,
 * and ended after a minute idle, so that no thread is ever started per envelope. An idle sender waits on a
 * condition of its own and the one that went idle last is woken first: a steady load keeps the same few
 * threads busy, warm in the CPU's caches, and those it no longer needs time out and end. (Woken in turn, as
 * the waiters of one shared condition are, every thread a burst ever started would run now and then and none
 * would end: at LAN latency under CPU load that was 128 threads doing one request each.) Senders waiting for a
 * request slot or the back-off wait apart, on {@link #awaitPaced}; while connections fail, only one waits out the
 * back-off and the others wait idle, so that its end and each failed probe wake one thread, not all of them. Not
 * thread-safe: used under the transport's lock.
 */
final class Senders {

    private static final Logger LOG = System.getLogger(HttpTransport.class.getName());

    private final ReentrantLock lock;
    private final ThreadFactory threads;
    /** What a sender thread runs, given the condition it waits on when idle. */
    private final Consumer<Condition> work;
    /** The conditions of the idle senders not yet woken; the last is the one that went idle last. */
    private final ArrayDeque<Condition> idle = new ArrayDeque<>();
    /** Senders waiting for a request slot or the end of the back-off. */
    private final Condition paced;
    /** Idle senders woken that have not yet taken the lock again: they will take work. */
    private int waking;
    /**
     * Senders back from a request and not yet looking for the next: they will take work before they wait, so
     * an envelope queued meanwhile needs no wake-up (waking another sender for it cost a context switch per
     * envelope when the answers came quickly, and two threads then took turns).
     */
    private int returning;
    /** Senders in {@link #awaitPaced}: while connections fail, one of them waits out the back-off for the rest. */
    private int pacedWaiting;
    private int workers;

    Senders(ReentrantLock lock, ThreadFactory threads, Consumer<Condition> work) {
        this.lock = lock;
        this.threads = threads;
        this.work = work;
        this.paced = lock.newCondition();
    }

    /** The thread factory when the application gives none: daemon threads, which never hold its exit. */
    static Thread daemonThread(Runnable task) {
        Thread thread = new Thread(task, HttpTransport.THREAD_NAME);
        thread.setDaemon(true);
        return thread;
    }

    /** @return the sender threads alive */
    int workers() {
        return workers;
    }

    /** @return the idle senders, those woken or returning included: each will take one queued envelope */
    int idle() {
        return idle.size() + waking + returning;
    }

    /**
     * An idle sender takes the new work; else a new one starts when {@code mayStart} and below {@code limit}.
     *
     * @param queued the envelopes waiting, the new one included
     */
    void wakeOrStart(int queued, int limit, boolean mayStart) {
        if (queued <= waking + returning) {
            return; // those on their way take it
        }
        if (queued > idle() && mayStart && workers < limit) {
            workers++;
            try {
                Condition own = lock.newCondition();
                threads.newThread(() -> work.accept(own)).start();
            } catch (RuntimeException | Error e) {
                workers--;
                LOG.log(Level.WARNING, "sentry-jakarta could not start a sender thread", e);
            }
        }
        wakeOne();
    }

    /** Wakes the sender that went idle last, else one waiting for a request slot. */
    void wakeOne() {
        Condition last = idle.pollLast();
        if (last != null) {
            waking++;
            last.signal();
        } else {
            paced.signal();
        }
    }

    /** A request slot is free: one sender waiting for it may start. */
    void slotFree() {
        paced.signal();
    }

    /** Wakes every sender, idle or waiting to start (shutdown, or the probe's answer came). */
    void wakeAll() {
        Condition each;
        while ((each = idle.pollLast()) != null) {
            waking++;
            each.signal();
        }
        paced.signalAll();
    }

    /**
     * Waits idle, for work or at most {@code nanos}.
     *
     * @param own the condition of the calling sender
     * @return whether the time ran out without a wake-up
     */
    boolean awaitWork(Condition own, long nanos) throws InterruptedException {
        idle.addLast(own);
        long left = 0;
        try {
            left = own.awaitNanos(nanos);
        } finally {
            if (!idle.removeLastOccurrence(own)) {
                waking--; // woken by wakeOne or wakeAll, which took it out
            }
        }
        return left <= 0;
    }

    /** Waits at most {@code nanos} for a request slot or the back-off. */
    void awaitPaced(long nanos) throws InterruptedException {
        pacedWaiting++;
        try {
            paced.awaitNanos(nanos);
        } finally {
            pacedWaiting--;
        }
    }

    /** @return whether a sender waits for a request slot or the back-off, and so will look at the queue again */
    boolean onePaced() {
        return pacedWaiting > 0;
    }

    /** @return whether a sender will look at the queue soon: one waits paced, was woken, or comes back from a request */
    boolean oneWillLook() {
        return pacedWaiting + waking + returning > 0;
    }

    /** The calling sender's request ended: it looks for the next envelope before it waits again. */
    void returning() {
        returning++;
    }

    /** The calling sender, back from a request, looks for the next envelope. */
    void back() {
        returning--;
    }

    /** A sender thread ends. */
    void ended() {
        workers--;
    }
}
