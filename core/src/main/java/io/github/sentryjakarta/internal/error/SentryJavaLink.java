package io.github.sentryjakarta.internal.error;

import java.lang.System.Logger.Level;

/**
 * Links the official Java SDK ({@code io.sentry:sentry}) to our traces when the application has it: events it
 * captures inside one of our spans carry our trace. The SDK is optional and never a dependency of ours: it
 * is looked up by name, and the classes that use it load only when it is there.
 */
final class SentryJavaLink {

    private static final System.Logger LOG = System.getLogger(SentryJavaLink.class.getName());

    private SentryJavaLink() {
    }

    /** Registers {@link SentryJavaEventProcessor} with the SDK's global scope if the SDK is on the class path. */
    static void installIfPresent() {
        try {
            Class.forName("io.sentry.Sentry", false, SentryJavaLink.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return; // no official SDK here: nothing to link
        }
        try {
            SentryJavaEventProcessor.install();
        } catch (RuntimeException | LinkageError e) { // an SDK version without the API we use
            LOG.log(Level.INFO, "sentry-jakarta could not link io.sentry:sentry's events to its traces: " + e);
        }
    }
}
