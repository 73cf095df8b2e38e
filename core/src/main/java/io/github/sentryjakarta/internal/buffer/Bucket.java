package io.github.sentryjakarta.internal.buffer;

import io.github.sentryjakarta.internal.span.SpanData;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The finished spans of one trace waiting to be flushed. Used once: application threads add to it until the
 * worker {@linkplain #seal() seals} it, takes its spans and forgets it; spans of the same trace that end
 * later go to a fresh bucket.
 *
 * <p>Adding is lock-free: a CAS on {@code reserved} claims a place, its index (this is where the per-trace
 * bound and the seal are checked), then the span is stored in that place and {@code written} is
 * incremented. Sealing CASes {@code reserved} to {@value #SEALED}; from then on no place can be claimed, and
 * the worker waits for {@code written} to catch up with the places claimed before the seal (a few
 * instructions on the adding threads) before it takes exactly that many spans. An adder that finds the
 * bucket sealed claims nothing and retries with a fresh bucket, so no span is lost and none is taken twice.
 *
 * <p>Places live in chunks that double in size ({@value #FIRST_CHUNK}, then twice as many each time), made
 * when first needed: a request's few spans cost one small array and no allocation per span, and a trace of
 * thousands of spans a handful of arrays. The counters are fields updated through {@link VarHandle}s, so a
 * bucket is two objects, not seven.
 */
final class Bucket {

    /** What {@link #tryAdd} did. */
    static final int ADDED = 0;
    /** Added, and the bucket reached a size at which it should be flushed now. */
    static final int ADDED_FLUSH_NOW = 1;
    /** Not added: the bucket holds the per-trace maximum. */
    static final int FULL = 2;
    /** Not added: the worker took the bucket; retry with a fresh one. */
    static final int SEALED_RETRY = 3;

    private static final int SEALED = -1;
    /** Places in the first chunk: a typical request's spans fit. */
    static final int FIRST_CHUNK = 8;
    /** Chunk {@code k} holds {@code FIRST_CHUNK << k} places: 29 chunks cover every int index. */
    private static final int CHUNKS = 29;

    private static final VarHandle RESERVED;
    private static final VarHandle WRITTEN;
    private static final VarHandle ESTIMATED_BYTES;
    private static final VarHandle HANDED_OFF;
    private static final VarHandle MORE;
    private static final VarHandle CHUNK = MethodHandles.arrayElementVarHandle(SpanData[][].class);
    private static final VarHandle PLACE = MethodHandles.arrayElementVarHandle(SpanData[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            RESERVED = lookup.findVarHandle(Bucket.class, "reserved", int.class);
            WRITTEN = lookup.findVarHandle(Bucket.class, "written", int.class);
            ESTIMATED_BYTES = lookup.findVarHandle(Bucket.class, "estimatedBytes", long.class);
            HANDED_OFF = lookup.findVarHandle(Bucket.class, "handedOff", boolean.class);
            MORE = lookup.findVarHandle(Bucket.class, "more", SpanData[][].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final String traceId;
    /** {@link System#nanoTime()} at which the interval flush is due (bucket age, jittered). */
    final long deadlineNanos;

    private volatile int reserved;
    private volatile int written;
    private volatile long estimatedBytes;
    private volatile boolean handedOff;
    private final SpanData[] first = new SpanData[FIRST_CHUNK];
    /** Chunks 1 and up, made by the first adder that needs one; index 0 stays empty. */
    private volatile SpanData[][] more;

    Bucket(String traceId, long deadlineNanos) {
        this.traceId = traceId;
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * Adds a span unless the bucket is full or sealed.
     *
     * @param maxSpans the per-trace bound
     * @param flushAtSpans the count at which the bucket asks to be flushed
     * @param flushAtBytes the estimated size at which the bucket asks to be flushed
     * @param bytes the span's estimated size
     */
    int tryAdd(SpanData span, int maxSpans, int flushAtSpans, long flushAtBytes, long bytes) {
        int index;
        do {
            index = reserved;
            if (index == SEALED) {
                return SEALED_RETRY;
            }
            if (index >= maxSpans) {
                return FULL;
            }
        } while (!RESERVED.compareAndSet(this, index, index + 1));
        long size;
        try {
            store(index, span);
            size = (long) ESTIMATED_BYTES.getAndAdd(this, bytes) + bytes;
        } finally {
            // Always, even if the store failed: the worker waits for written to reach the claimed places. The
            // increments form one chain, so the worker that reads the last one sees every stored span.
            WRITTEN.getAndAdd(this, 1);
        }
        return index + 1 >= flushAtSpans || size >= flushAtBytes ? ADDED_FLUSH_NOW : ADDED;
    }

    private void store(int index, SpanData span) {
        if (index < FIRST_CHUNK) {
            first[index] = span; // published by the increment of written
            return;
        }
        int k = chunkOf(index);
        SpanData[] chunk = chunk(k, true);
        chunk[index - start(k)] = span;
    }

    /** @return the chunk holding place {@code index} */
    static int chunkOf(int index) {
        return 31 - Integer.numberOfLeadingZeros(index / FIRST_CHUNK + 1);
    }

    /** @return the first place of chunk {@code k} */
    static int start(int k) {
        return FIRST_CHUNK * ((1 << k) - 1);
    }

    private SpanData[] chunk(int k, boolean create) {
        SpanData[][] chunks = more;
        if (chunks == null) {
            if (!create) {
                return null;
            }
            SpanData[][] fresh = new SpanData[CHUNKS][];
            chunks = MORE.compareAndSet(this, null, fresh) ? fresh : more;
        }
        SpanData[] chunk = (SpanData[]) CHUNK.getVolatile(chunks, k);
        if (chunk == null && create) {
            SpanData[] fresh = new SpanData[FIRST_CHUNK << k];
            chunk = CHUNK.compareAndSet(chunks, k, null, fresh) ? fresh : (SpanData[]) CHUNK.getVolatile(chunks, k);
        }
        return chunk;
    }

    /** @return true the first time only: the caller puts the bucket on the ready queue */
    boolean markHandedOff() {
        return !handedOff && HANDED_OFF.compareAndSet(this, false, true);
    }

    /** @return the number of spans claimed before the seal, or -1 if the bucket was already sealed */
    int seal() {
        int count;
        do {
            count = reserved;
            if (count == SEALED) {
                return -1;
            }
        } while (!RESERVED.compareAndSet(this, count, SEALED));
        return count;
    }

    /** Waits for the adders still between their claim and their write, then takes the spans. After {@link #seal()}. */
    List<SpanData> take(int count) {
        int spins = 0;
        while (written < count) {
            if (++spins < 100) {
                Thread.onSpinWait();
            } else if (spins < 200) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(10_000);
            }
        }
        List<SpanData> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SpanData span;
            if (i < FIRST_CHUNK) {
                span = first[i];
            } else {
                int k = chunkOf(i);
                SpanData[] chunk = chunk(k, false);
                span = chunk == null ? null : (SpanData) PLACE.getAcquire(chunk, i - start(k));
            }
            if (span != null) { // null only if an adder failed between its claim and its store
                out.add(span);
            }
        }
        return out;
    }

    /** @return the spans claimed so far, or -1 once sealed (diagnostics) */
    int size() {
        return reserved;
    }
}
