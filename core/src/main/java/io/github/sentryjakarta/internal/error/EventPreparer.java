package io.github.sentryjakarta.internal.error;

import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.spi.BeforeSendEvent;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns a captured {@link ErrorEvent} into the {@link EventDraft} that is written, on the sender thread: reads
 * the exception chain (frames, {@code in_app}) and runs the application's {@link BeforeSendEvent}. A drop by
 * the hook is counted as {@code before_send}, category {@code error}; a hook that throws is logged once and the
 * event goes out as captured.
 */
public final class EventPreparer {

    private static final System.Logger LOG = System.getLogger(EventPreparer.class.getName());

    private final ClientReports reports;
    private final BeforeSendEvent hook;
    private final ExceptionChain chain;
    private final AtomicBoolean hookFailureLogged = new AtomicBoolean();

    /**
     * @param options {@code sentry.in-app-includes} and the hook
     * @param reports where a drop by the hook is counted
     */
    public EventPreparer(SentryOptions options, ClientReports reports) {
        this.reports = reports;
        this.hook = options.beforeSendEvent().orElse(null);
        this.chain = new ExceptionChain(options.inAppIncludes());
    }

    /** @return the event to write, or {@code null} when the hook dropped it (counted) */
    public EventDraft prepare(ErrorEvent event) {
        EventDraft draft = new EventDraft(event, chain.of(event.throwable()));
        if (hook == null) {
            return draft;
        }
        try {
            if (hook.process(draft)) {
                return draft;
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // a user's AssertionError or linkage error must not kill the sender thread
            if (hookFailureLogged.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "BeforeSendEvent threw; events are sent as captured when it does", e);
            }
            return new EventDraft(event, chain.of(event.throwable()));
        }
        reports.record(DiscardReason.BEFORE_SEND, DataCategory.ERROR, 1);
        return null;
    }
}
