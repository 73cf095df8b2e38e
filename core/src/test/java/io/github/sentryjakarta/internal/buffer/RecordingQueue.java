package io.github.sentryjakarta.internal.buffer;

import io.github.sentryjakarta.internal.propagation.Dsc;
import io.github.sentryjakarta.internal.envelope.EnvelopeQueue;
import io.github.sentryjakarta.internal.span.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** An {@link EnvelopeQueue} that records what the buffer hands over, for the buffer's unit tests. */
final class RecordingQueue implements EnvelopeQueue {

    record Call(Dsc dsc, List<SpanData> spans, long atNanos, String thread) {
    }

    private final List<Call> calls = new ArrayList<>();
    private int spans;
    private boolean closed;
    private int flushes;

    @Override
    public synchronized void enqueueSpans(Dsc dsc, List<SpanData> list) {
        calls.add(new Call(dsc, List.copyOf(list), System.nanoTime(), Thread.currentThread().getName()));
        spans += list.size();
        notifyAll();
    }

    @Override
    public void enqueueTransaction(Dsc dsc, SpanData segment, List<SpanData> children) {
        throw new AssertionError("the span buffer never sends transactions");
    }

    @Override
    public synchronized boolean flush(Duration timeout) {
        flushes++;
        return true;
    }

    @Override
    public synchronized void close(Duration timeout) {
        closed = true;
        notifyAll();
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized int spanCount() {
        return spans;
    }

    synchronized List<SpanData> spans() {
        List<SpanData> all = new ArrayList<>();
        calls.forEach(call -> all.addAll(call.spans()));
        return all;
    }

    synchronized boolean closed() {
        return closed;
    }

    synchronized int flushes() {
        return flushes;
    }

    /** Waits, without polling, until {@code condition} holds or the timeout passes. */
    synchronized boolean await(Predicate<RecordingQueue> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(this)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
