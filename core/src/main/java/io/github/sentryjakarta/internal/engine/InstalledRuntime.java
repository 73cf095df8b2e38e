package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.internal.span.SpanProcessor;

/**
 * The one process-wide slot holding the runtime that {@link InstalledTracer} (and so
 * {@link io.github.sentryjakarta.Traces}) answers with. Until a runtime is installed, and after it closed, a
 * disabled runtime answers: spans with ids, nothing recorded. One volatile read per call.
 */
final class InstalledRuntime {

    static final SentryRuntime DISABLED = new SentryRuntime(
            SentryOptions.builder().enabled(false).serverName("localhost").build(), new ClientReports(),
            SpanProcessor.NOOP);
    private static volatile SentryRuntime current = DISABLED;

    private InstalledRuntime() {
    }

    static SentryRuntime get() {
        return current;
    }

    /** @param runtime the runtime to install; {@code null} installs the disabled one */
    static void set(SentryRuntime runtime) {
        current = runtime == null ? DISABLED : runtime;
    }

    /** Uninstalls {@code runtime} if it is the installed one; another installed meanwhile stays. */
    static void clear(SentryRuntime runtime) {
        if (current == runtime) {
            current = DISABLED;
        }
    }
}
