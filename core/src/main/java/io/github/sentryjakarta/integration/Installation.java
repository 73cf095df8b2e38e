package io.github.sentryjakarta.integration;

import java.time.Duration;

/**
 * One configuration of the library, built by {@link Instrumentation#configure(SentryOptions)}: its threads run
 * from the start; {@link #install()} makes it the one {@link io.github.sentryjakarta.Traces} and every
 * integration use; {@link #close(Duration)} flushes it, stops it and uninstalls it.
 *
 * <pre>{@code
 * Installation sentry = Instrumentation.installed().configure(SentryOptions.builder().dsn(dsn).build());
 * sentry.install();
 * ...
 * sentry.close(Duration.ofSeconds(2));
 * }</pre>
 */
public interface Installation {

    /** Makes this configuration the installed one. */
    void install();

    /** @return whether spans are recorded and sent */
    boolean isActive();

    /** @return its options */
    SentryOptions options();

    /** Sends everything buffered. @return whether it was handed over within the timeout */
    boolean flush(Duration timeout);

    /** Uninstalls it (if installed), flushes within the timeout, then refuses and counts new spans. */
    void close(Duration timeout);
}
