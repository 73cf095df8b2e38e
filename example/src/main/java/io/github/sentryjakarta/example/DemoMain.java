package io.github.sentryjakarta.example;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code mvn -B -q -pl example exec:java}: runs the demo against a local stand-in for Sentry and prints the
 * traces it received. {@code -Dsentry.trace-lifecycle=static} sends transactions instead of span envelopes;
 * {@code SENTRY_DSN=...} sends to your Sentry project instead. Exits with 1 if the stand-in received nothing.
 */
public final class DemoMain {

    // Kept referenced: java.util.logging holds loggers weakly, and a collected logger forgets its level.
    private static final Logger[] QUIET = {Logger.getLogger("org.jboss.weld"), Logger.getLogger("org.glassfish")};

    private DemoMain() {
    }

    /**
     * @param args ignored
     */
    public static void main(String[] args) throws Exception {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n"); // one line per record
        }
        for (Logger logger : QUIET) {
            logger.setLevel(Level.SEVERE); // start-up banners and notes about optional features
        }
        String dsn = System.getProperty("sentry.dsn", System.getenv("SENTRY_DSN"));
        if (dsn != null && dsn.isBlank()) {
            dsn = null;
        }
        Demo.Result result = Demo.run(dsn, System.out);
        if (!result.local()) {
            System.out.println("done: look for " + result.requests().size() + " traces in your Sentry project ("
                    + result.sentry() + ") under Explore > Traces; a warning above means sending failed");
            return;
        }
        ReceivedTraces received = result.received();
        System.out.println();
        System.out.print(received.render());
        if (received.isEmpty() || !received.rejections().isEmpty()) {
            System.err.println(received.isEmpty() ? "FAILED: the stand-in for Sentry received no spans"
                    : "FAILED: the stand-in for Sentry rejected envelopes");
            System.exit(1);
        }
    }
}
