package io.github.sentryjakarta.core.transport;

import io.github.sentryjakarta.core.DataCategory;
import io.github.sentryjakarta.core.Dsc;
import io.github.sentryjakarta.core.SpanData;
import io.github.sentryjakarta.core.error.ErrorEvent;
import java.util.List;

/**
 * One unit of work in the transport's queue, still unserialized: the application thread that enqueues it
 * does no JSON, and what a full queue holds is bounded by the number of entries, not by bytes already made.
 */
sealed interface PendingEnvelope {

    /** @return the category whose rate limit decides whether this is sent */
    DataCategory category();

    /** @return how many spans this holds, which is what a drop of it counts in category {@code span} */
    int spanCount();

    /** @return how many transaction events this holds */
    int transactionCount();

    /** @return how many error events this holds */
    default int errorCount() {
        return 0;
    }

    /** The finished spans of one trace (stream lifecycle). */
    record Spans(Dsc dsc, List<SpanData> spans) implements PendingEnvelope {
        @Override
        public DataCategory category() {
            return DataCategory.SPAN;
        }

        @Override
        public int spanCount() {
            return spans.size();
        }

        @Override
        public int transactionCount() {
            return 0;
        }
    }

    /** One error event. */
    record Event(Dsc dsc, ErrorEvent event) implements PendingEnvelope {
        @Override
        public DataCategory category() {
            return DataCategory.ERROR;
        }

        @Override
        public int spanCount() {
            return 0;
        }

        @Override
        public int transactionCount() {
            return 0;
        }

        @Override
        public int errorCount() {
            return 1;
        }
    }

    /** One transaction event (static lifecycle). */
    record Transaction(Dsc dsc, SpanData segment, List<SpanData> children) implements PendingEnvelope {
        @Override
        public DataCategory category() {
            return DataCategory.TRANSACTION;
        }

        /** As Sentry's SDKs count it: the transaction's root is a span too. */
        @Override
        public int spanCount() {
            return children.size() + 1;
        }

        @Override
        public int transactionCount() {
            return 1;
        }
    }
}
