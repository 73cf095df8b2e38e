package io.github.sentryjakarta.internal.transport;

import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.envelope.EncodedEnvelope;
import io.github.sentryjakarta.internal.envelope.EnvelopeEncoder;
import io.github.sentryjakarta.internal.envelope.EnvelopeSink;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends encoded envelopes to Sentry (and Spotlight) with up to {@code sentry.transport.max-requests} requests
 * in flight, as SPEC §10 describes: bytes in, nothing known of spans but their counts.
 *
 * <p>Envelopes wait in one queue bounded by {@code sentry.transport.max-queued-bytes} (their bodies as sent, in
 * flight included: {@link SendQueue}); what does not fit is counted {@code queue_overflow}. {@link Senders}
 * says when sender threads start and end. Each sends with a blocking call on a connection of its own
 * ({@link Http1Client}), so nothing of a request runs in the application's common pool.
 *
 * <p>Rate limits from any answer hold for everything not yet started. A connection that cannot be made
 * puts its envelope back at the head of the queue (it never reached Sentry) and starts a back-off: then a
 * single probe goes at a time, and the queue's byte bound counts what the wait costs. {@link #close} sends
 * what is queued, all in parallel, within the shutdown timeout, writes what is left to the outbox when one
 * is configured, sends the last client report, and logs once at WARN the counts no report can carry.
 */
public final class HttpTransport implements EnvelopeSink {

    /** The client string in {@code X-Sentry-Auth} and {@code User-Agent}. */
    public static final String CLIENT = SentryOptions.SDK_NAME + "/" + SentryOptions.SDK_VERSION;
    /** Name of the threads made when no thread factory is given. */
    public static final String THREAD_NAME = "sentry-jakarta-sender";

    static final Duration CLIENT_REPORT_INTERVAL = Duration.ofSeconds(30);
    private static final long WORKER_KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** At most this part of the shutdown timeout (and never more than its quarter) is kept for the last steps. */
    private static final long CLOSING_RESERVE_NANOS = TimeUnit.MILLISECONDS.toNanos(150);
    /** Interrupted requests end in milliseconds: waited for this long, then close counts them itself. */
    private static final long STOP_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final Logger LOG = System.getLogger(HttpTransport.class.getName());

    private final ClientReports reports;
    private final Exchange exchange;
    private final Gzip gzip;
    private final RateLimits rateLimits = new RateLimits();
    private final Outbox outbox;
    private final boolean toSentry;
    private final boolean keepRaw;
    private final ReportSchedule reportSchedule;
    private final Discards discards;
    private final LastReport lastReport;

    private final ReentrantLock lock = new ReentrantLock();
    /** Flush and close wait here for envelopes to finish. */
    private final Condition progress = lock.newCondition();
    private final SendQueue queue;
    /** What each sender is sending: interrupted, and if need be counted, by close. */
    private final InFlight sending = new InFlight();
    private final Senders senders;
    private int inFlight;
    /** The request limit and the back-off; guarded by the lock. */
    private final Pacing pacing;
    /** Written under the lock; read without it where a report is due. */
    private volatile boolean closed;
    private boolean stopped;
    /** During close: a connection failed, Sentry is down, waiting longer is pointless. */
    private boolean unreachable;

    /**
     * Creates the transport; sends what an earlier run left in the outbox first.
     *
     * @param options DSN, Spotlight, limits, timeouts, outbox, debug
     * @param reports where drops are counted, and what the client reports drain
     * @param threadFactory where sender threads come from; {@code null} for daemon threads named
     *        {@value #THREAD_NAME}
     */
    public HttpTransport(SentryOptions options, ClientReports reports, ThreadFactory threadFactory) {
        this(options, reports, threadFactory, CLIENT_REPORT_INTERVAL);
    }

    HttpTransport(SentryOptions options, ClientReports reports, ThreadFactory threadFactory, Duration reportInterval) {
        this.reports = reports;
        ThreadFactory threads = threadFactory != null ? threadFactory : Senders::daemonThread;
        this.exchange = new Exchange(options, threads);
        this.senders = new Senders(lock, threads, this::work);
        this.toSentry = options.dsn().isPresent();
        this.keepRaw = options.spotlight();
        this.pacing = new Pacing(options.maxRequests());
        this.queue = new SendQueue(options.maxQueuedBytes());
        this.gzip = new Gzip(options.gzipMinBytes());
        this.reportSchedule = new ReportSchedule(reportInterval);
        this.outbox = options.outboxDir().map(dir -> new Outbox(dir, options.outboxMaxEnvelopes(), options.outboxMaxBytes()))
                .orElse(null);
        this.discards = new Discards(reports, exchange, options.debug() ? Level.INFO : Level.DEBUG);
        this.lastReport = new LastReport(reports, discards, exchange, rateLimits, gzip, outbox, toSentry);
        if (outbox != null && toSentry) {
            lock.lock();
            try {
                for (Outgoing envelope : outbox.takeAll()) {
                    enqueue(envelope);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public boolean isRateLimited(DataCategory category) {
        return toSentry && rateLimits.isLimited(category);
    }

    @Override
    public List<ClientReports.Discard> takeDueReport() {
        return takeReport(false);
    }

    /** @return the pending counts when a report may go now (due, or {@code now}), else nothing */
    private List<ClientReports.Discard> takeReport(boolean now) {
        // Once closed, only close drains the counts: a report taken by a sender now could not go anywhere.
        if (!toSentry || closed || rateLimits.isLimited(DataCategory.CLIENT_REPORT) || !reportSchedule.take(now)) {
            return List.of();
        }
        return reports.drain();
    }

    @Override
    public void idle() {
        List<ClientReports.Discard> report = takeDueReport();
        if (!report.isEmpty()) {
            send(EnvelopeEncoder.clientReport(report));
        }
    }

    @Override
    public void send(EncodedEnvelope envelope) {
        try {
            Outgoing outgoing = new Outgoing(gzip.body(envelope.bytes()), keepRaw ? envelope.bytes() : null,
                    envelope.spans(), envelope.transactions(), envelope.report(), envelope.category());
            boolean taken;
            lock.lock();
            try {
                taken = !closed && queue.fits(outgoing);
                if (taken) {
                    enqueue(outgoing);
                }
            } finally {
                lock.unlock();
            }
            if (!taken) {
                discards.drop(outgoing, DiscardReason.QUEUE_OVERFLOW, "the transport queue is full or closed");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sentry-jakarta could not queue an envelope", e);
            discards.count(envelope.spans(), envelope.transactions(), envelope.category(), DiscardReason.SEND_ERROR);
            reports.restore(envelope.report());
        }
    }

    /** Under the lock. */
    private void enqueue(Outgoing envelope) {
        queue.add(envelope);
        wakeOrStartWorker();
    }

    /** Under the lock: an idle sender takes the new work, else a new one starts while below the limit. */
    private void wakeOrStartWorker() {
        if (pacing.failing() && senders.oneWillLook()) {
            return; // that sender waits out the back-off and sends the next probe; another woken would only wait too
        }
        // While Sentry is unreachable one request at a time goes: more threads would only wait.
        senders.wakeOrStart(queue.size(), pacing.requestLimit(),
                !stopped && !(pacing.failing() && senders.workers() > 0 && !closed));
    }

    /** Under the lock: a sender for each queued envelope, up to the request limit, after a wait that let one go. */
    private void wakeOrStartForQueue() {
        int limit = pacing.requestLimit();
        for (int i = Math.min(queue.size(), limit) - senders.idle(); i > 0 && senders.workers() < limit; i--) {
            wakeOrStartWorker();
        }
    }

    @Override
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + EnvelopeSink.timeoutNanos(timeout);
        try {
            if (!awaitSent(deadline)) {
                return false;
            }
            List<ClientReports.Discard> report = takeReport(true);
            if (!report.isEmpty()) {
                send(EnvelopeEncoder.clientReport(report));
            }
            return awaitSent(deadline);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sentry-jakarta flush failed", e);
            return false;
        }
    }

    /** Waits until every envelope taken before the call was answered or dropped. */
    private boolean awaitSent(long deadline) {
        lock.lock();
        try {
            long target = queue.lastSequence();
            while (!queue.doneThrough(target)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || stopped) {
                    return false;
                }
                progress.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close(Duration timeout) {
        long start = System.nanoTime();
        long total = EnvelopeSink.timeoutNanos(timeout);
        long deadline = start + total;
        long drainDeadline = deadline - Math.min(CLOSING_RESERVE_NANOS, total / 4);
        List<Outgoing> undelivered = List.of();
        boolean endpointDown;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            pacing.expire(start); // one more try now, whatever the back-off said
            wakeOrStartForQueue();
            senders.wakeAll();
            progress.signalAll();
            while (!(queue.isEmpty() && inFlight == 0) && !unreachable) {
                long wait = drainDeadline - System.nanoTime();
                if (wait <= 0) {
                    break;
                }
                progress.awaitNanos(wait);
            }
            stopped = true;
            senders.wakeAll();
            progress.signalAll();
            // Requests still in flight are abandoned: interrupting the blocking send (closing the socket of
            // our own HTTP/1.1) cancels them.
            sending.interrupt();
            exchange.abort();
            long countedBy = Math.min(deadline, System.nanoTime() + STOP_GRACE_NANOS);
            while (inFlight > 0) {
                long wait = countedBy - System.nanoTime();
                if (wait <= 0) {
                    break;
                }
                progress.awaitNanos(wait);
            }
            // Still not back: counted here, so that close reports them. A sender that took its envelope out of
            // `sending` counted it in the same locked step, so after this every envelope is counted.
            sending.abandon(discards);
            undelivered = queue.clear();
            endpointDown = unreachable || pacing.failing();
            senders.wakeAll();
            progress.signalAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            endpointDown = false;
        } finally {
            lock.unlock();
        }
        try {
            lastReport.send(undelivered, endpointDown, deadline);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sentry-jakarta transport did not close cleanly", e);
        } finally {
            exchange.close();
        }
    }

    /** @param own the condition this sender waits on when idle */
    private void work(Condition own) {
        try {
            SendQueue.Job job;
            boolean returning = false;
            while ((job = take(own, returning)) != null) {
                returning = true;
                finish(job, exchange.deliver(job.envelope(), rateLimits));
            }
        } finally {
            lock.lock();
            try {
                senders.ended();
                progress.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * @param returning whether this sender comes back from a request ({@link Senders#returning})
     * @return the next envelope to send, or {@code null} when this thread should end
     */
    private SendQueue.Job take(Condition own, boolean returning) {
        lock.lock();
        try {
            if (returning) {
                senders.back();
            }
            while (true) {
                if (stopped) {
                    return null;
                }
                if (queue.isEmpty()) {
                    if (senders.awaitWork(own, WORKER_KEEP_ALIVE_NANOS) && queue.isEmpty()) {
                        return null;
                    }
                    continue;
                }
                long wait = pacing.waitBeforeStart(inFlight, System.nanoTime(), WORKER_KEEP_ALIVE_NANOS);
                if (wait > 0) {
                    if (pacing.failing() && senders.onePaced()) {
                        // One sender waits out the back-off and sends the probe; the others wait idle until it
                        // succeeds. Waiting all for the back-off woke every sender (up to the request limit) at
                        // its end and after every failed probe, on the application's cores.
                        senders.awaitWork(own, WORKER_KEEP_ALIVE_NANOS);
                    } else {
                        senders.awaitPaced(wait);
                    }
                    continue;
                }
                SendQueue.Job job = queue.poll();
                pacing.started(job);
                inFlight++;
                sending.started(job);
                return job;
            }
        } catch (InterruptedException e) {
            return null; // shutdown gave up on this thread
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts the outcome, then marks the envelope finished (in that order: a flush that sees it finished
     * sees its counts), or puts it back at the head of the queue when it never reached Sentry.
     */
    private void finish(SendQueue.Job job, Exchange.Result result) {
        Outgoing envelope = job.envelope();
        boolean notSent = result.outcome() == Exchange.Outcome.NOT_SENT;
        boolean requeued = false;
        lock.lock();
        try {
            senders.returning();
            // From here on this thread counts it, not close; unless close counted it already.
            if (!sending.finished(envelope, stopped && result.outcome() == Exchange.Outcome.FAILED)) {
                inFlight--;
                progress.signalAll();
                return;
            }
            discards.account(envelope, result); // in the same step: close never sees it neither in flight nor counted
            inFlight--;
            Thread.interrupted(); // an interrupt meant for the request must not end the next wait
            boolean wasProbe = pacing.finished(job, result.outcome(), System.nanoTime());
            unreachable |= closed && notSent;
            if (wasProbe && !pacing.failing()) {
                senders.wakeAll(); // Sentry answers again: those that waited for the probe's answer
                wakeOrStartForQueue(); // and what queued during the outage goes now, in parallel
            } else if (wasProbe) {
                senders.slotFree(); // the back-off goes on: the sender waiting for it looks at its new end
            } else if (!queue.isEmpty()) {
                senders.slotFree();
            }
            if (notSent) {
                // It never reached Sentry: it goes again, its bytes still held. Also after close stopped the
                // senders: close takes the queue once those in flight are back (or abandoned, which ends here
                // above), so it goes to the outbox with the rest instead of being counted lost.
                queue.putBack(job);
                requeued = true;
            } else {
                queue.done(job);
            }
            progress.signalAll();
        } finally {
            lock.unlock();
        }
        if (!requeued) {
            idle();
        }
    }
}
