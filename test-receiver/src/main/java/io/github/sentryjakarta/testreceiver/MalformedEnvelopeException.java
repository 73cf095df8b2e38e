package io.github.sentryjakarta.testreceiver;

/**
 * Thrown when bytes are not an envelope Sentry would accept; the message says which rule was broken.
 */
public final class MalformedEnvelopeException extends IllegalArgumentException {

    /**
     * Creates the exception.
     *
     * @param reason which rule the envelope broke, phrased for a test failure message
     */
    public MalformedEnvelopeException(String reason) {
        super(reason);
    }
}
