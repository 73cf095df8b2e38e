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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends encoded envelopes to Sentry (and Spotlight) with up to {@code sentry.transport.max-requests} requests
 * in flight, as SPEC §10 describes: bytes in, nothing known of spans but their counts.
 *
 * <p>Envelopes wait in one queue bounded by {@code sentry.transport.max-queued-bytes} (their gzip bodies, in
 * flight included); what does not fit is counted {@code queue_overflow}. Sender threads are started only
 * when envelopes wait and none is idle, up to the request limit, and end after a minute idle: a steady load
 * reuses the same threads, and no thread is ever started per envelope. Each sends with a blocking call (over
 * TLS the JDK client's {@code send}, which unlike {@code sendAsync} never hands the answer to the common pool,
 * where the JDK starts a thread per task on hosts with one or two CPUs).
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
    private final Gzip gzip = new Gzip();
    private final RateLimits rateLimits = new RateLimits();
    private final Outbox outbox;
    private final ThreadFactory threads;
    private final boolean toSentry;
    private final boolean keepRaw;
    private final int maxRequests;
    private final long maxQueuedBytes;
    private final long reportIntervalNanos;
    private final Discards discards;
    private final LastReport lastReport;

    private final ReentrantLock lock = new ReentrantLock();
    /** Sender threads wait here for work, for the back-off or for a free request slot: woken one at a time. */
    private final Condition workAvailable = lock.newCondition();
    /** Flush and close wait here for envelopes to finish. */
    private final Condition progress = lock.newCondition();
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    /** Sequence numbers of envelopes taken and not yet answered, queued or in flight: what flush waits for. */
    private final TreeSet<Long> unfinished = new TreeSet<>();
    /** The envelope each sender thread is sending: interrupted, and if need be counted, by close. */
    private final Map<Thread, Job> sending = new HashMap<>();
    /** Envelopes close gave up on and counted: their senders must not count them again. */
    private final Set<Job> abandoned = new HashSet<>();
    /** Envelopes in flight at shutdown whose request failed once cancelled: their senders counted them. */
    private int cancelledEnvelopes;
    private long cancelledSpans;
    private long nextSequence;
    private long heldBytes;
    private int workers;
    private int idleWorkers;
    private int inFlight;
    /** The request limit and the back-off; guarded by the lock. */
    private final Pacing pacing;
    private boolean closed;
    private boolean stopped;
    /** During close: a connection failed, Sentry is down, waiting longer is pointless. */
    private boolean unreachable;
    private long lastReportNanos;

    /** One envelope in the queue, with the sequence number flush waits on. */
    private record Job(long sequence, Outgoing envelope) {
    }

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
        this.threads = threadFactory != null ? threadFactory : HttpTransport::daemonThread;
        this.exchange = new Exchange(options, this.threads);
        this.toSentry = options.dsn().isPresent();
        this.keepRaw = options.spotlight();
        this.maxRequests = options.maxRequests();
        this.pacing = new Pacing(maxRequests);
        this.maxQueuedBytes = options.maxQueuedBytes();
        this.reportIntervalNanos = reportInterval.toNanos();
        this.lastReportNanos = System.nanoTime() - reportIntervalNanos; // the first report may go at once
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

    private static Thread daemonThread(Runnable task) {
        Thread thread = new Thread(task, THREAD_NAME);
        thread.setDaemon(true);
        return thread;
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
        long time = System.nanoTime();
        lock.lock();
        try {
            // Once closed, only close drains the counts: a report taken by a sender now could not go anywhere.
            if (!toSentry || closed || !now && time - lastReportNanos < reportIntervalNanos
                    || rateLimits.isLimited(DataCategory.CLIENT_REPORT)) {
                return List.of();
            }
            lastReportNanos = time;
        } finally {
            lock.unlock();
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
            Outgoing outgoing = new Outgoing(gzip.compress(envelope.bytes()), keepRaw ? envelope.bytes() : null,
                    envelope.spans(), envelope.transactions(), envelope.report(), envelope.category());
            boolean taken;
            lock.lock();
            try {
                taken = !closed && heldBytes + outgoing.size() <= maxQueuedBytes;
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
    private Job enqueue(Outgoing envelope) {
        Job job = new Job(nextSequence++, envelope);
        queue.addLast(job);
        unfinished.add(job.sequence());
        heldBytes += envelope.size();
        wakeOrStartWorker();
        return job;
    }

    /** Under the lock: an idle sender takes the new work, else a new one starts while below the limit. */
    private void wakeOrStartWorker() {
        if (queue.size() <= idleWorkers) {
            workAvailable.signal();
            return;
        }
        // While Sentry is unreachable one probe at a time goes: more threads would only wait.
        if (workers < pacing.requestLimit() && !stopped && !(pacing.failing() && workers > 0 && !closed)) {
            workers++;
            try {
                threads.newThread(this::work).start();
            } catch (RuntimeException | Error e) {
                workers--;
                LOG.log(Level.WARNING, "sentry-jakarta could not start a sender thread", e);
            }
        }
        workAvailable.signal();
    }

    @Override
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + nanos(timeout);
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
            long target = nextSequence - 1;
            while (!unfinished.isEmpty() && unfinished.first() <= target) {
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
        long total = nanos(timeout);
        long deadline = start + total;
        long drainDeadline = deadline - Math.min(CLOSING_RESERVE_NANOS, total / 4);
        List<Job> left = new ArrayList<>();
        boolean endpointDown;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            pacing.expire(start); // one more try now, whatever the back-off said
            int limit = pacing.requestLimit();
            for (int i = Math.min(queue.size(), limit) - idleWorkers; i > 0 && workers < limit; i--) {
                wakeOrStartWorker();
            }
            workAvailable.signalAll();
            progress.signalAll();
            while (!(queue.isEmpty() && inFlight == 0) && !unreachable) {
                long wait = drainDeadline - System.nanoTime();
                if (wait <= 0) {
                    break;
                }
                progress.awaitNanos(wait);
            }
            stopped = true;
            workAvailable.signalAll();
            progress.signalAll();
            // Requests still in flight are abandoned: interrupting the blocking send (closing the socket of
            // our own HTTP/1.1) cancels them.
            sending.keySet().forEach(Thread::interrupt);
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
            // `sending` counted it in the same locked step, so after this loop every envelope is counted.
            long abandonedSpans = cancelledSpans;
            for (Job job : sending.values()) {
                abandoned.add(job);
                abandonedSpans += job.envelope().spans();
                discards.lost(job.envelope(), DiscardReason.NETWORK_ERROR);
            }
            int abandonedEnvelopes = abandoned.size() + cancelledEnvelopes;
            if (abandonedEnvelopes > 0) {
                LOG.log(Level.WARNING, "sentry-jakarta abandoned " + abandonedEnvelopes + " envelopes (" + abandonedSpans
                        + " spans) still in flight when the shutdown timeout ran out (counted as network_error;"
                        + " the server may have received some of them)");
            }
            left.addAll(queue);
            queue.clear();
            unfinished.clear();
            heldBytes = 0;
            endpointDown = unreachable || pacing.failing();
            workAvailable.signalAll();
            progress.signalAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            endpointDown = false;
        } finally {
            lock.unlock();
        }
        try {
            List<Outgoing> undelivered = new ArrayList<>(left.size());
            left.forEach(job -> undelivered.add(job.envelope()));
            lastReport.send(undelivered, endpointDown, deadline);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sentry-jakarta transport did not close cleanly", e);
        } finally {
            exchange.close();
        }
    }

    // ---- sender threads ----

    private void work() {
        try {
            Job job;
            while ((job = take()) != null) {
                finish(job, deliver(job.envelope()));
            }
        } finally {
            lock.lock();
            try {
                workers--;
                progress.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** @return the next envelope to send, or {@code null} when this thread should end */
    private Job take() {
        lock.lock();
        try {
            while (true) {
                if (stopped) {
                    return null;
                }
                if (queue.isEmpty()) {
                    idleWorkers++;
                    long left;
                    try {
                        left = workAvailable.awaitNanos(WORKER_KEEP_ALIVE_NANOS);
                    } finally {
                        idleWorkers--;
                    }
                    if (left <= 0 && queue.isEmpty()) {
                        return null;
                    }
                    continue;
                }
                long wait = pacing.waitBeforeStart(inFlight, System.nanoTime(), WORKER_KEEP_ALIVE_NANOS);
                if (wait > 0) {
                    workAvailable.awaitNanos(wait);
                    continue;
                }
                Job job = queue.pollFirst();
                pacing.started(job);
                inFlight++;
                sending.put(Thread.currentThread(), job);
                return job;
            }
        } catch (InterruptedException e) {
            return null; // shutdown gave up on this thread
        } finally {
            lock.unlock();
        }
    }

    private Exchange.Result deliver(Outgoing envelope) {
        if (envelope.spotlight() != null) {
            exchange.postToSpotlight(envelope.spotlight());
        }
        if (!toSentry) {
            return Exchange.Result.DELIVERED;
        }
        if (rateLimits.isLimited(envelope.category())) {
            return Exchange.Result.RATE_LIMITED_BEFORE;
        }
        Exchange.Result result = exchange.post(envelope.body(), null);
        if (result.headers() != null) {
            rateLimits.update(result.status(), result.headers().rateLimits(), result.headers().retryAfter());
        }
        return result;
    }

    /**
     * Counts the outcome, then marks the envelope finished (in that order: a flush that sees it finished
     * sees its counts), or puts it back at the head of the queue when it never reached Sentry.
     */
    private void finish(Job job, Exchange.Result result) {
        Outgoing envelope = job.envelope();
        boolean notSent = result.outcome() == Exchange.Outcome.NOT_SENT
                || result.outcome() == Exchange.Outcome.TOO_MANY_STREAMS;
        lock.lock();
        try {
            if (abandoned.remove(job)) { // close counted it already
                inFlight--;
                progress.signalAll();
                return;
            }
            sending.remove(Thread.currentThread()); // from here on this thread counts it, not close
            if (stopped && result.outcome() == Exchange.Outcome.FAILED) { // cancelled by close: named in its summary
                cancelledEnvelopes++;
                cancelledSpans += envelope.spans();
            }
            discards.account(envelope, result); // in the same step: close never sees it neither in flight nor counted
        } finally {
            lock.unlock();
        }
        boolean requeued = false;
        lock.lock();
        try {
            inFlight--;
            Thread.interrupted(); // an interrupt meant for the request must not end the next wait
            boolean wasProbe = pacing.finished(job, result.outcome(), inFlight, System.nanoTime());
            unreachable |= closed && result.outcome() == Exchange.Outcome.NOT_SENT; // as before Pacing: not for a refused stream
            if (wasProbe) {
                workAvailable.signalAll(); // those that waited for the probe's answer
            } else if (!queue.isEmpty()) {
                workAvailable.signal(); // a request slot is free
            }
            if (notSent && !stopped) {
                queue.addFirst(job); // it never reached Sentry: it goes again, still counted in heldBytes
                requeued = true;
            } else {
                if (notSent) { // shutdown already gave up: counted before it is marked finished
                    discards.drop(envelope, DiscardReason.NETWORK_ERROR, result.why());
                }
                heldBytes -= envelope.size();
                unfinished.remove(job.sequence());
            }
            progress.signalAll();
        } finally {
            lock.unlock();
        }
        if (!requeued) {
            idle();
        }
    }

    private static long nanos(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            return 0;
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }
}
