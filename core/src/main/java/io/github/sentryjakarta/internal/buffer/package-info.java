/**
 * The stream lifecycle's span buffer: finished spans batched per trace and flushed in bounded envelopes. Not
 * exported.
 *
 * <p>{@link io.github.sentryjakarta.internal.buffer.SpanBuffer} holds finished spans per trace in
 * {@link io.github.sentryjakarta.internal.buffer.Bucket}s, within the global bound of
 * {@link io.github.sentryjakarta.internal.buffer.SpanBound}, and one worker
 * ({@link io.github.sentryjakarta.internal.buffer.BufferWorker}) hands them to the envelope queue;
 * flush and close callers wait for it on a {@link io.github.sentryjakarta.internal.buffer.WorkerSignal}.
 *
 * <h2>Application threads</h2>
 * {@link io.github.sentryjakarta.internal.buffer.SpanBuffer#onEnd} never blocks, never does I/O or JSON and takes no lock: one CAS on the global count, a
 * {@link java.util.concurrent.ConcurrentHashMap#get} (a {@code putIfAbsent} and a bucket of two small objects for a trace's first
 * span), one CAS and two atomic adds on the trace's bucket, and no allocation per span. A span that ends its segment, or fills its bucket to
 * {@value io.github.sentryjakarta.internal.buffer.SpanBuffer#FLUSH_AT_SPANS} spans or an estimated {@value io.github.sentryjakarta.internal.buffer.SpanBuffer#FLUSH_AT_BYTES} bytes, puts the bucket on a ready
 * queue and unparks the worker if it sleeps; the application thread does nothing more. The worker, once
 * woken, lets other segments gather for 5 ms before it takes them: under load
 * one wake-up (a system call on the application thread) serves many requests.
 *
 * <h2>Bounds (memory)</h2>
 * <ul>
 * <li>{@code sentry.span-buffer.max-buffered-spans} ({@link io.github.sentryjakarta.integration.SentryOptions#maxBufferedSpans()}): spans held
 * by all buckets together, including those the worker is handing over. A place is reserved (CAS) before a
 * span is added; when none is left the span is dropped and counted {@code buffer_overflow}.</li>
 * <li>{@code sentry.span-buffer.max-spans-per-trace} ({@link io.github.sentryjakarta.integration.SentryOptions#maxSpansPerTrace()}): spans one
 * trace's bucket holds; more are dropped and counted {@code buffer_overflow}.</li>
 * </ul>
 * So the buffer holds at most {@code max-buffered-spans} {@link SpanData} (each a small object plus its
 * attributes: at most {@value io.github.sentryjakarta.Span#MAX_ATTRIBUTES} attributes, strings at most
 * {@value io.github.sentryjakarta.Span#MAX_STRING_LENGTH} characters), one place in a bucket's arrays (4 to
 * 8 bytes) per span and one bucket (about 100 bytes) per trace with buffered spans. Beyond that, the transport bounds its
 * hand-off by {@code sentry.transport.queue-size} spans and its encoded envelopes by {@code sentry.transport.max-queued-bytes}.
 *
 * <h2>Flushing</h2>
 * A bucket is flushed (sealed, taken and handed to the queue by the worker) when
 * <ul>
 * <li>a segment (local root) of its trace ends: the worker is signalled at once and takes the bucket within
 * a few milliseconds;</li>
 * <li>it holds {@value io.github.sentryjakarta.internal.buffer.SpanBuffer#FLUSH_AT_SPANS} spans;</li>
 * <li>its estimated size reaches {@value io.github.sentryjakarta.internal.buffer.SpanBuffer#FLUSH_AT_BYTES} bytes (5 MiB). The estimate is deliberately cheap
 * and computed once per span on the application thread: {@value io.github.sentryjakarta.internal.buffer.SpanBuffer#SPAN_BASE_BYTES} bytes for ids, times,
 * status and JSON punctuation, plus the name's length, plus {@value io.github.sentryjakarta.internal.buffer.SpanBuffer#ATTRIBUTE_BYTES} bytes per attribute
 * (a typical {@code "key":{"type":"string","value":"..."}}); attribute values are not measured. The
 * transport's 10 MB envelope limit remains the hard guard;</li>
 * <li>it is older than {@code flush-interval} minus a random jitter of up to 10%: each bucket draws its
 * own deadline when it is created ({@code interval × (1 − u/10)}, {@code u} uniform in [0, 1)), so buckets
 * created together do not all flush in the same tick. The worker checks deadlines at the earliest one but
 * at most about 100 times per interval (never more often than every millisecond), so a bucket's first span
 * waits between 0.9 and 1.01 intervals. This is how spans that end after their segment (late children) and
 * spans of long-running segments are sent;</li>
 * <li>on {@link io.github.sentryjakarta.internal.buffer.SpanBuffer#flush(Duration)} (all buckets) and {@link io.github.sentryjakarta.internal.buffer.SpanBuffer#close(Duration)}.</li>
 * </ul>
 * Flushing freezes the trace's DSC ({@link io.github.sentryjakarta.internal.propagation.TraceContext#freezeDsc}) with the
 * segment name and name source the spans carry (as they were when each span ended), and calls {@link io.github.sentryjakarta.internal.envelope.EnvelopeQueue#enqueueSpans} with at most {@value io.github.sentryjakarta.internal.buffer.SpanBuffer#FLUSH_AT_SPANS}
 * spans per call, all of one trace.
 *
 * <h2>Accounting</h2>
 * Every span given to {@link io.github.sentryjakarta.internal.buffer.SpanBuffer#onEnd} ends up in exactly one {@code enqueueSpans} call or is counted once:
 * {@code buffer_overflow} for the two bounds, {@code queue_overflow} when it arrives after
 * {@link io.github.sentryjakarta.internal.buffer.SpanBuffer#close(Duration)} started (the reason Sentry's SDKs use for a closed transport; the transport counts
 * a closed queue the same way), and {@code queue_overflow} if the queue throws instead of taking them.
 */
package io.github.sentryjakarta.internal.buffer;
