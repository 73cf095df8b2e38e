package io.github.sentryjakarta.testreceiver;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a Sentry for load counts of the envelopes it receives, without parsing them: their spans (each
 * {@code "span_id"}, which counts a transaction's root and children as the span v2 items count theirs) and the
 * envelopes; only the rare envelope that carries a client report is parsed, and its reports kept. Thread-safe:
 * the servers that feed it ({@link CountingReceiver}, and the HTTPS endpoint of core's tests) take requests on
 * many threads.
 */
public final class EnvelopeTally {

    private static final byte[] SPAN_ID = "\"span_id\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT_REPORT = "\"client_report\"".getBytes(StandardCharsets.US_ASCII);

    private final AtomicLong spans = new AtomicLong();
    private final AtomicLong envelopes = new AtomicLong();
    private final ConcurrentLinkedQueue<Item> clientReports = new ConcurrentLinkedQueue<>();

    /**
     * Counts one envelope.
     *
     * @param body the envelope, uncompressed
     * @return the spans it holds
     */
    public long add(byte[] body) {
        long found = occurrences(body, SPAN_ID);
        if (occurrences(body, CLIENT_REPORT) > 0) {
            keepClientReports(body);
        }
        spans.addAndGet(found);
        envelopes.incrementAndGet();
        return found;
    }

    /** @return spans received so far (a transaction counts its root and children) */
    public long spans() {
        return spans.get();
    }

    /** @return envelopes received so far */
    public long envelopes() {
        return envelopes.get();
    }

    /** @return the client-report items received since the last call, oldest first */
    public List<Item> takeClientReports() {
        List<Item> taken = new ArrayList<>();
        Item each;
        while ((each = clientReports.poll()) != null) {
            taken.add(each);
        }
        return taken;
    }

    private void keepClientReports(byte[] body) {
        try {
            for (Item item : Envelope.parse(body).items()) {
                if (item.type().equals("client_report")) {
                    clientReports.add(item);
                }
            }
        } catch (MalformedEnvelopeException e) {
            // counted as it came; a broken report is SentryReceiver's to find
        }
    }

    private static long occurrences(byte[] body, byte[] pattern) {
        long found = 0;
        outer:
        for (int i = 0; i + pattern.length <= body.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (body[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            found++;
        }
        return found;
    }
}
