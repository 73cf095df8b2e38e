package io.github.sentryjakarta.testreceiver;

/**
 * A request the receiver turns away before any behaviour applies: the status to answer and the
 * reason to record. An exception so that each check can stop the handler in one line.
 */
final class Refusal extends Exception {

    private final int status;

    Refusal(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
