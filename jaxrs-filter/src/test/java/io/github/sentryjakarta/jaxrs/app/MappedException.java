package io.github.sentryjakarta.jaxrs.app;

/** Turned into a 409 by {@link MappedExceptionMapper}. */
public class MappedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MappedException() {
        super("mapped");
    }
}
