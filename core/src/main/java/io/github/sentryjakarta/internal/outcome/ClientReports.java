package io.github.sentryjakarta.internal.outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts of everything dropped, per reason and category, waiting to be reported to Sentry. Recording is a
 * lock-free add, safe on any thread. {@link #drain()} takes the pending counts for one client report;
 * {@link #total} keeps lifetime totals for diagnostics and tests.
 */
public final class ClientReports {

    private static final int REASONS = DiscardReason.values().length;
    private static final int CATEGORIES = DataCategory.values().length;

    private final AtomicLongArray pending = new AtomicLongArray(REASONS * CATEGORIES);
    private final AtomicLongArray totals = new AtomicLongArray(REASONS * CATEGORIES);

    /** One line of a client report. */
    public record Discard(DiscardReason reason, DataCategory category, long quantity) {
    }

    /** Records {@code quantity} dropped items. */
    public void record(DiscardReason reason, DataCategory category, long quantity) {
        if (quantity <= 0) {
            return;
        }
        int index = reason.ordinal() * CATEGORIES + category.ordinal();
        pending.addAndGet(index, quantity);
        totals.addAndGet(index, quantity);
    }

    /** @return the pending counts, which are reset; empty when nothing was dropped since the last drain */
    public List<Discard> drain() {
        List<Discard> out = new ArrayList<>();
        for (int i = 0; i < pending.length(); i++) {
            if (pending.get(i) != 0) {
                long quantity = pending.getAndSet(i, 0);
                if (quantity > 0) {
                    out.add(new Discard(DiscardReason.values()[i / CATEGORIES], DataCategory.values()[i % CATEGORIES], quantity));
                }
            }
        }
        return out;
    }

    /** Puts drained counts back, when the report carrying them could not be sent. */
    public void restore(List<Discard> discards) {
        for (Discard discard : discards) {
            pending.addAndGet(discard.reason().ordinal() * CATEGORIES + discard.category().ordinal(), discard.quantity());
        }
    }

    /** @return everything recorded for this reason and category since start */
    public long total(DiscardReason reason, DataCategory category) {
        return totals.get(reason.ordinal() * CATEGORIES + category.ordinal());
    }
}
