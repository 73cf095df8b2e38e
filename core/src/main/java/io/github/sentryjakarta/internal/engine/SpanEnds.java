package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.internal.error.ErrorCapture;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.internal.span.SpanData;
import io.github.sentryjakarta.internal.span.SpanImpl;
import io.github.sentryjakarta.internal.span.SpanProcessor;

/**
 * Where an ending span goes: a recorded one to the span processor, one that is not sent to the client reports
 * (with the reason it was counted under), and an exception that left a span to the error capture, which keeps
 * the first span it left as where it happened. Runs on the application thread: nothing here blocks.
 */
final class SpanEnds {

    private final SpanProcessor processor;
    private final ClientReports clientReports;
    private final ErrorCapture errors;

    SpanEnds(SpanProcessor processor, ClientReports clientReports, ErrorCapture errors) {
        this.processor = processor;
        this.clientReports = clientReports;
        this.errors = errors;
    }

    void recorded(SpanData span) {
        processor.onEnd(span);
    }

    /** A recording span whose name (or whose root's) is ignored. @param segmentId its id if it is a root, else 0 */
    void ignored(long segmentId) {
        clientReports.record(DiscardReason.IGNORED, DataCategory.SPAN, 1);
        if (segmentId != 0) {
            processor.onIgnoredSegment(segmentId);
        }
    }

    /** @param countAs why the span was not recorded, or {@code null} if that is not counted */
    void notRecorded(DiscardReason countAs) {
        if (countAs != null) {
            clientReports.record(countAs, DataCategory.SPAN, 1);
        }
    }

    void exceptionLeft(SpanImpl span, Throwable exception) {
        errors.noteEscaping(exception, span);
    }
}
