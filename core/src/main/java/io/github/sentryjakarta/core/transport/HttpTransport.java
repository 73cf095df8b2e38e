package io.github.sentryjakarta.core.transport;

import io.github.sentryjakarta.core.ClientReports;
import io.github.sentryjakarta.core.DataCategory;
import io.github.sentryjakarta.core.error.ErrorEvent;
import io.github.sentryjakarta.core.error.EventWriter;
import io.github.sentryjakarta.core.DiscardReason;
import io.github.sentryjakarta.core.Dsc;
import io.github.sentryjakarta.core.Dsn;
import io.github.sentryjakarta.core.EnvelopeQueue;
import io.github.sentryjakarta.core.SentryOptions;
import io.github.sentryjakarta.core.BeforeSendHook;
import io.github.sentryjakarta.core.SpanData;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Sends envelopes to Sentry (and to Spotlight) over HTTP, as SPEC §10 describes: a bounded queue of
 * unserialized work, one sender thread that serializes, compresses and posts, Sentry's rate limits
 * honoured, and every span that does not arrive counted in client reports.
 *
 * <p>Application threads only ever {@code offer} to the queue: a slow or dead endpoint costs them nothing
 * and memory stays bounded by {@code sentry.transport.queue-size}. No method throws.
 */
public final class HttpTransport implements EnvelopeQueue {

    /** The client string in {@code X-Sentry-Auth} and {@code User-Agent}. */
    public static final String CLIENT = SentryOptions.SDK_NAME + "/" + SentryOptions.SDK_VERSION;
    /** Name of the threads made when no thread factory is given. */
    public static final String THREAD_NAME = "sentry-jakarta-sender";

    static final Duration CLIENT_REPORT_INTERVAL = Duration.ofSeconds(30);
    private static final String ENVELOPE_CONTENT_TYPE = "application/x-sentry-envelope";
    /** Beyond the request timeout, how long the sender waits for the HTTP client to give up by itself. */
    private static final long HARD_TIMEOUT_SLACK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long STOP_GRACE_MILLIS = 1000;
    private static final Logger LOG = System.getLogger(HttpTransport.class.getName());

    private final ClientReports clientReports;
    private final Dsn dsn;
    private final URI endpoint;
    private final String auth;
    private final URI spotlightUrl;
    private final Duration requestTimeout;
    private final long reportIntervalNanos;
    private final Level detail;
    private final RateLimits rateLimits = new RateLimits();
    private final EnvelopeWriter writer;
    /** Sender thread only, like the writer. */
    private final Gzip gzip = new Gzip();
    private final BeforeSendHook beforeSend;
    private final EventWriter events;
    private final ThreadPoolExecutor httpExecutor;
    private final HttpClient http;
    private final Thread sender;
    private final AtomicBoolean spotlightFailureLogged = new AtomicBoolean();
    private final AtomicBoolean senderFailureLogged = new AtomicBoolean();

    // One lock guards the queue's bookkeeping: enqueue holds it for an offer and two counters, the sender
    // for a poll; never across I/O or JSON.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workAvailable = lock.newCondition();
    private final Condition progress = lock.newCondition();
    private final ArrayBlockingQueue<PendingEnvelope> queue;
    private long accepted;
    private long processed;
    /** Flush calls that asked for the pending client report to go out; and how many the sender served. */
    private long reportRequests;
    private long reportsServed;
    /** The sender serves report requests once it has processed this many entries. */
    private long reportTarget;
    private boolean closed;
    private volatile boolean stopping;
    private boolean senderAlive = true;

    // Sender thread only.
    private long lastReportNanos;
    private boolean failing;

    /**
     * Creates the transport and starts its sender thread.
     *
     * @param options DSN, Spotlight, queue size, timeouts, debug
     * @param clientReports where drops are counted, and what the client reports drain
     * @param threadFactory where the sender and HTTP threads come from; {@code null} for daemon threads
     *        named {@value #THREAD_NAME}
     * @throws IllegalStateException when no JSON-P implementation is available
     */
    public HttpTransport(SentryOptions options, ClientReports clientReports, ThreadFactory threadFactory) {
        this(options, clientReports, threadFactory, CLIENT_REPORT_INTERVAL);
    }

    HttpTransport(SentryOptions options, ClientReports clientReports, ThreadFactory threadFactory,
            Duration reportInterval) {
        this.clientReports = clientReports;
        this.dsn = options.dsn().orElse(null);
        this.endpoint = dsn == null ? null : dsn.envelopeUri();
        this.auth = dsn == null ? null : dsn.authHeader(CLIENT);
        this.spotlightUrl = options.spotlight() ? options.spotlightUrl() : null;
        this.requestTimeout = options.requestTimeout();
        this.reportIntervalNanos = reportInterval.toNanos();
        this.lastReportNanos = System.nanoTime() - reportIntervalNanos;
        this.detail = options.debug() ? Level.INFO : Level.DEBUG;
        this.writer = new EnvelopeWriter(options);
        this.beforeSend = new BeforeSendHook(options);
        this.events = new EventWriter(options, clientReports);
        this.queue = new ArrayBlockingQueue<>(options.queueSize());
        ThreadFactory threads = threadFactory != null ? threadFactory : HttpTransport::daemonThread;
        // The HTTP client's own async work runs here rather than in the common pool, which belongs to the
        // application; idle threads go away.
        this.httpExecutor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        this.httpExecutor.allowCoreThreadTimeOut(true);
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(httpExecutor);
        ProxySelector proxy = ProxySelector.getDefault();
        if (proxy != null) {
            builder.proxy(proxy);
        }
        this.http = builder.build();
        this.sender = threads.newThread(this::run);
        this.sender.start();
        LOG.log(detail, () -> "sentry-jakarta transport started: " + (dsn == null ? "no DSN" : dsn)
                + (spotlightUrl == null ? "" : ", Spotlight at " + spotlightUrl));
    }

    private static Thread daemonThread(Runnable task) {
        Thread thread = new Thread(task, THREAD_NAME);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void enqueueSpans(Dsc dsc, List<SpanData> spans) {
        try {
            if (spans == null || spans.isEmpty()) {
                return;
            }
            // A copy, so that a caller reusing its list cannot change what is waiting here.
            offer(new PendingEnvelope.Spans(dsc, Arrays.asList(spans.toArray(new SpanData[0]))));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sentry-jakarta could not queue spans", e);
        }
    }

    @Override
    public void enqueueTransaction(Dsc dsc, SpanData segment, List<SpanData> children) {
        try {
            if (segment == null) {
                return;
            }
            List<SpanData> copy = children == null ? List.of() : Arrays.asList(children.toArray(new SpanData[0]));
            offer(new PendingEnvelope.Transaction(dsc, segment, copy));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sentry-jakarta could not queue a transaction", e);
        }
    }

    @Override
    public void enqueueEvent(Dsc dsc, ErrorEvent event) {
        if (event != null) {
            offer(new PendingEnvelope.Event(dsc, event));
        }
    }

    private void offer(PendingEnvelope work) {
        boolean queued;
        lock.lock();
        try {
            queued = !closed && queue.offer(work);
            if (queued) {
                accepted++;
                workAvailable.signal();
            }
        } finally {
            lock.unlock();
        }
        if (!queued) {
            count(DiscardReason.QUEUE_OVERFLOW, work);
        }
    }

    @Override
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + nanos(timeout);
        lock.lock();
        try {
            long request = ++reportRequests;
            reportTarget = accepted;
            workAvailable.signal();
            while (reportsServed < request) {
                long left = deadline - System.nanoTime();
                if (!senderAlive || left <= 0) {
                    return false;
                }
                progress.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sentry-jakarta flush failed", e);
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close(Duration timeout) {
        try {
            long deadline = System.nanoTime() + nanos(timeout);
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                // Refused from now on, and counted: the counts still make it into the last report below.
                closed = true;
            } finally {
                lock.unlock();
            }
            boolean flushed = flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            lock.lock();
            try {
                stopping = true;
                workAvailable.signal();
            } finally {
                lock.unlock();
            }
            long left = deadline - System.nanoTime();
            if (left > 0) {
                sender.join(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
            boolean stopped = !sender.isAlive();
            if (!stopped) {
                // A send that outlives the shutdown budget is abandoned; the sender counts it as it stops.
                // That takes milliseconds, granted (bounded) so that the counts are complete when close returns.
                sender.interrupt();
                sender.join(STOP_GRACE_MILLIS);
            }
            dropQueued();
            httpExecutor.shutdown();
            if (stopped && http instanceof AutoCloseable closeable) {
                // Java 21+: releases the client's selector thread now instead of at garbage collection.
                closeable.close();
            }
            LOG.log(detail, () -> "sentry-jakarta transport closed" + (flushed ? "" : " (flush timed out)"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.interrupt();
            dropQueued();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "sentry-jakarta transport did not close cleanly", e);
        }
    }

    private void dropQueued() {
        lock.lock();
        try {
            PendingEnvelope work;
            while ((work = queue.poll()) != null) {
                count(DiscardReason.QUEUE_OVERFLOW, work);
                processed++;
            }
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- sender thread ----

    /**
     * The sender survives what is not a shutdown: an interrupt from a managed thread pool, or a failure in
     * one envelope, must not leave the queue filling up with nobody to drain it.
     */
    private void run() {
        try {
            while (true) {
                try {
                    if (!sendNext()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    if (stopping) {
                        return; // close() gave up waiting; it counts what is still queued
                    }
                } catch (RuntimeException | LinkageError | AssertionError e) {
                    if (senderFailureLogged.compareAndSet(false, true)) {
                        LOG.log(System.Logger.Level.WARNING, "sentry-jakarta: the sender failed on an envelope", e);
                    }
                }
                if (Thread.interrupted() && stopping) {
                    return;
                }
            }
        } finally {
            lock.lock();
            try {
                senderAlive = false;
                progress.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Sends one envelope or client report. @return false once stopping and nothing is left */
    private boolean sendNext() throws InterruptedException {
        PendingEnvelope work = null;
        long reportRequest = 0;
        boolean idle = false;
        lock.lock();
        try {
            while (true) {
                if (reportRequests > reportsServed && processed >= reportTarget) {
                    reportRequest = reportRequests;
                    break;
                }
                work = queue.poll();
                if (work != null || stopping) {
                    break;
                }
                // Timed, so that drops made while nothing is sent still get reported now and then.
                if (workAvailable.awaitNanos(reportIntervalNanos) <= 0) {
                    idle = true;
                    break;
                }
            }
        } finally {
            lock.unlock();
        }
        if (work != null) {
            try {
                process(work);
            } finally { // also when it failed: flush() waits on this count
                lock.lock();
                try {
                    processed++;
                    progress.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } else if (reportRequest != 0) {
            try {
                sendClientReport(true);
            } finally { // also when it failed: a request served again and again would spin the sender
                lock.lock();
                try {
                    reportsServed = Math.max(reportsServed, reportRequest);
                    progress.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } else if (idle) {
            sendClientReport(false);
        } else {
            return false; // stopping, and nothing left
        }
        return true;
    }

    private void process(PendingEnvelope work) {
        List<ClientReports.Discard> report = List.of();
        boolean reportHandedOver = false;
        try {
            boolean toSentry = dsn != null;
            if (toSentry && rateLimits.isLimited(work.category())) {
                count(DiscardReason.RATELIMIT_BACKOFF, work);
                toSentry = false;
                if (spotlightUrl == null) {
                    return;
                }
            }
            report = toSentry ? takeDueReport() : List.of();
            List<EncodedEnvelope> envelopes = encode(work, report);
            // From here on send() puts the report's counts back if its envelope does not arrive.
            reportHandedOver = !envelopes.isEmpty() && envelopes.get(0).report() == report;
            int encodedSpans = 0;
            for (EncodedEnvelope envelope : envelopes) {
                encodedSpans += envelope.spans();
                if (spotlightUrl != null) {
                    postToSpotlight(envelope);
                }
                if (toSentry) {
                    send(envelope);
                }
            }
            if (toSentry && work instanceof PendingEnvelope.Spans && encodedSpans < work.spanCount()) {
                int tooLarge = work.spanCount() - encodedSpans;
                clientReports.record(DiscardReason.SEND_ERROR, DataCategory.SPAN, tooLarge);
                LOG.log(detail, () -> "sentry-jakarta dropped " + tooLarge + " spans too large for an envelope");
            }
        } catch (RuntimeException e) {
            // A bug here must not kill the sender: the work is lost, and counted.
            LOG.log(Level.WARNING, "sentry-jakarta could not write an envelope", e);
            count(DiscardReason.SEND_ERROR, work);
        } finally {
            if (!reportHandedOver) {
                clientReports.restore(report);
            }
        }
    }

    /** The user's hook runs here, on the sender thread, never on the application thread that ended the span. */
    private List<SpanData> processed(List<SpanData> spans) {
        return spans.stream().map(beforeSend::apply).toList();
    }

    private List<EncodedEnvelope> encode(PendingEnvelope work, List<ClientReports.Discard> report) {
        if (work instanceof PendingEnvelope.Spans spans) {
            return writer.spans(spans.dsc(), processed(spans.spans()), report);
        }
        if (work instanceof PendingEnvelope.Event event) {
            // Alone in its envelope, without a client report: the hook may drop it, and a report would ride on nothing.
            byte[] bytes = events.envelope(event.dsc(), event.event());
            return bytes == null ? List.of() : List.of(new EncodedEnvelope(bytes, 0, 0, List.of(), 1));
        }
        PendingEnvelope.Transaction transaction = (PendingEnvelope.Transaction) work;
        EncodedEnvelope envelope = writer.transaction(transaction.dsc(), beforeSend.apply(transaction.segment()),
                processed(transaction.children()), report);
        if (envelope.bytes().length > EnvelopeWriter.MAX_ENVELOPE_BYTES) {
            LOG.log(detail, () -> "sentry-jakarta dropped a transaction too large for an envelope");
            count(DiscardReason.SEND_ERROR, work);
            return List.of();
        }
        return List.of(envelope);
    }

    /** @return the pending drop counts if a client report may ride along now, else nothing */
    private List<ClientReports.Discard> takeDueReport() {
        if (System.nanoTime() - lastReportNanos < reportIntervalNanos || rateLimits.isLimited(DataCategory.CLIENT_REPORT)) {
            return List.of();
        }
        List<ClientReports.Discard> report = clientReports.drain();
        if (!report.isEmpty()) {
            lastReportNanos = System.nanoTime();
        }
        return report;
    }

    /** Sends the pending drop counts in an envelope of their own: on flush, or when due and nothing else goes. */
    private void sendClientReport(boolean now) {
        try {
            if (dsn == null || rateLimits.isLimited(DataCategory.CLIENT_REPORT)) {
                return;
            }
            List<ClientReports.Discard> report = now ? clientReports.drain() : takeDueReport();
            if (report.isEmpty()) {
                return;
            }
            lastReportNanos = System.nanoTime();
            send(writer.clientReport(report));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sentry-jakarta could not send a client report", e);
        }
    }

    /** Posts to Sentry; on failure counts what the envelope held and puts its report counts back. */
    private void send(EncodedEnvelope envelope) {
        DiscardReason failure;
        String why;
        try {
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                    .timeout(requestTimeout)
                    .header("Content-Type", ENVELOPE_CONTENT_TYPE)
                    .header("Content-Encoding", "gzip")
                    .header("X-Sentry-Auth", auth)
                    .header("User-Agent", CLIENT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(gzip.compress(envelope.bytes())))
                    .build();
            HttpResponse<Void> response = exchange(request);
            int status = response.statusCode();
            rateLimits.update(status,
                    response.headers().firstValue("X-Sentry-Rate-Limits").orElse(null),
                    response.headers().firstValue("Retry-After").orElse(null));
            if (status >= 200 && status < 300) {
                failing = false;
                LOG.log(detail, () -> "sentry-jakarta sent " + describe(envelope) + ": HTTP " + status);
                return;
            }
            if (status == 429) {
                // Sentry (Relay) refused it for a rate limit and records that outcome itself, as Sentry's SDKs
                // rely on: counting it here too would count it twice. What follows is dropped before sending
                // and counted as ratelimit_backoff. The client report it carried is kept for later.
                clientReports.restore(envelope.report());
                LOG.log(detail, () -> "sentry-jakarta: Sentry rate-limited " + describe(envelope));
                return;
            }
            failure = status == 413 ? DiscardReason.SEND_ERROR : DiscardReason.NETWORK_ERROR;
            why = "HTTP " + status;
        } catch (IOException | ExecutionException | TimeoutException e) {
            failure = DiscardReason.NETWORK_ERROR;
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            why = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = DiscardReason.NETWORK_ERROR;
            why = "interrupted by shutdown";
        }
        clientReports.record(failure, DataCategory.SPAN, envelope.spans());
        clientReports.record(failure, DataCategory.TRANSACTION, envelope.transactions());
        clientReports.record(failure, DataCategory.ERROR, envelope.errors());
        clientReports.restore(envelope.report());
        // The first failure after a success is worth a warning; a dead endpoint is not worth one per envelope.
        Level level = failing ? detail : Level.WARNING;
        failing = true;
        String reason = why;
        DiscardReason counted = failure;
        boolean onlyReport = envelope.spans() == 0 && envelope.transactions() == 0 && envelope.errors() == 0;
        LOG.log(level, () -> "sentry-jakarta could not send " + describe(envelope) + " to " + endpoint + ": "
                + reason + (onlyReport ? " (kept for later)" : " (counted as " + counted.wireName() + ")"));
    }

    private HttpResponse<Void> exchange(HttpRequest request)
            throws IOException, ExecutionException, TimeoutException, InterruptedException {
        // The request timeout bounds the wait for response headers only; this bounds the whole exchange.
        CompletableFuture<HttpResponse<Void>> future = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            return future.get(requestTimeout.toNanos() + HARD_TIMEOUT_SLACK_NANOS, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | InterruptedException e) {
            future.cancel(true);
            throw e;
        }
    }

    private void postToSpotlight(EncodedEnvelope envelope) {
        try {
            HttpRequest request = HttpRequest.newBuilder(spotlightUrl)
                    .timeout(requestTimeout)
                    .header("Content-Type", ENVELOPE_CONTENT_TYPE)
                    .header("User-Agent", CLIENT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(envelope.bytes()))
                    .build();
            int status = exchange(request).statusCode();
            if (status >= 200 && status < 300) {
                LOG.log(detail, () -> "sentry-jakarta sent " + describe(envelope) + " to Spotlight");
                return;
            }
            spotlightFailed("HTTP " + status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            spotlightFailed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    // Spotlight is a local development aid that is often simply not running: say so once, quietly.
    private void spotlightFailed(String why) {
        if (spotlightFailureLogged.compareAndSet(false, true)) {
            LOG.log(Level.DEBUG, () -> "sentry-jakarta could not reach Spotlight at " + spotlightUrl + ": " + why
                    + " (further failures are not logged)");
        }
    }

    private void count(DiscardReason reason, PendingEnvelope work) {
        clientReports.record(reason, DataCategory.SPAN, work.spanCount());
        clientReports.record(reason, DataCategory.TRANSACTION, work.transactionCount());
        clientReports.record(reason, DataCategory.ERROR, work.errorCount());
        LOG.log(detail, () -> "sentry-jakarta dropped " + (work.errorCount() > 0 ? "an error event" : work.spanCount() + " spans")
                + (work.transactionCount() > 0 ? " (a transaction)" : "") + ": " + reason.wireName());
    }

    private static String describe(EncodedEnvelope envelope) {
        StringBuilder text = new StringBuilder("an envelope (");
        if (envelope.errors() > 0) {
            text.append("an error event");
        } else if (envelope.transactions() > 0) {
            text.append("a transaction with ").append(envelope.spans()).append(" spans");
        } else if (envelope.spans() > 0) {
            text.append(envelope.spans()).append(" spans");
        } else {
            text.append("client report");
        }
        if (envelope.spans() > 0 && !envelope.report().isEmpty()) {
            text.append(" and a client report");
        }
        return text.append(", ").append(envelope.bytes().length).append(" bytes)").toString();
    }

    /**
     * gzip (RFC 1952) at {@link Deflater#BEST_SPEED}: on span JSON it takes less than half the default level's
     * CPU, for a larger body (56 instead of 36 bytes per span in {@code EnvelopeWriterBenchmark}, still 1/29 of
     * the JSON). One deflater, CRC and output buffer are reused: sender thread only. The deflater's native
     * memory goes with the transport (the JDK's cleaner ends it).
     */
    static final class Gzip {

        private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, 0};
        private static final int BUFFER_SIZE = 64 * 1024;
        private static final int BUFFER_KEEP_LIMIT = 1 << 20;

        private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        private final CRC32 crc = new CRC32();
        private byte[] buffer = new byte[BUFFER_SIZE];

        /** @return {@code bytes} compressed, in a new array of its own */
        byte[] compress(byte[] bytes) {
            deflater.reset();
            deflater.setInput(bytes);
            deflater.finish();
            crc.reset();
            crc.update(bytes);
            byte[] out = buffer;
            System.arraycopy(HEADER, 0, out, 0, HEADER.length);
            int at = HEADER.length;
            while (!deflater.finished()) {
                if (at == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                at += deflater.deflate(out, at, out.length - at);
            }
            if (out.length - at < 8) {
                out = Arrays.copyOf(out, at + 8);
            }
            at = littleEndian(out, at, (int) crc.getValue());
            at = littleEndian(out, at, bytes.length); // ISIZE: the input length modulo 2^32
            deflater.reset(); // drops its reference to the input: an idle sender keeps no envelope alive
            buffer = out.length > BUFFER_KEEP_LIMIT ? new byte[BUFFER_SIZE] : out;
            return Arrays.copyOf(out, at);
        }

        private static int littleEndian(byte[] into, int at, int value) {
            into[at] = (byte) value;
            into[at + 1] = (byte) (value >>> 8);
            into[at + 2] = (byte) (value >>> 16);
            into[at + 3] = (byte) (value >>> 24);
            return at + 4;
        }
    }

    private static long nanos(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            return 0;
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }
}
