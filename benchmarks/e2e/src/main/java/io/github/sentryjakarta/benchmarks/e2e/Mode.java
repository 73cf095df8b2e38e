package io.github.sentryjakarta.benchmarks.e2e;

import java.util.List;

/** How the application runs: without the library, or with it in one configuration. */
enum Mode {
    OFF("without the library", null, null),
    /** On the class path but {@code sentry.enabled=false}: what CDI interception and JAX-RS filters cost alone. */
    DISABLED("library present, sentry.enabled=false", "stream", null),
    RATE_0("stream, sample rate 0.0", "stream", "0.0"),
    RATE_01("stream, sample rate 0.1", "stream", "0.1"),
    STREAM("stream, sample rate 1.0", "stream", "1.0"),
    STATIC("static, sample rate 1.0", "static", "1.0");

    final String label;
    private final String lifecycle;
    private final String rate;

    Mode(String label, String lifecycle, String rate) {
        this.label = label;
        this.lifecycle = lifecycle;
        this.rate = rate;
    }

    boolean withLibrary() {
        return lifecycle != null;
    }

    /** @return whether the library records or counts spans (it is present and enabled) */
    boolean countsSpans() {
        return rate != null;
    }

    /** @return the {@code -D} options that configure the library (MicroProfile Config reads system properties) */
    List<String> systemProperties(String dsn) {
        if (!withLibrary()) {
            return List.of();
        }
        if (rate == null) {
            return List.of("-Dsentry.enabled=false", "-Dsentry.dsn=" + dsn);
        }
        return List.of("-Dsentry.dsn=" + dsn, "-Dsentry.trace-lifecycle=" + lifecycle,
                "-Dsentry.traces-sample-rate=" + rate, "-Dsentry.environment=benchmark",
                "-Dsentry.release=e2e@1", "-Dsentry.shutdown-timeout-millis=20000");
    }

    /** @return the mode named on the command line: off, disabled, rate0, rate0.1, stream, static */
    static Mode parse(String name) {
        return switch (name) {
            case "off" -> OFF;
            case "disabled" -> DISABLED;
            case "rate0" -> RATE_0;
            case "rate0.1" -> RATE_01;
            case "stream" -> STREAM;
            case "static" -> STATIC;
            default -> throw new IllegalArgumentException("unknown mode " + name
                    + " (allowed: off, disabled, rate0, rate0.1, stream, static)");
        };
    }
}
