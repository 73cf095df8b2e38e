package io.github.sentryjakarta.jaxrs;

/**
 * One running service with the test application, on 127.0.0.1, with a single worker thread.
 *
 * @param origin e.g. {@code http://127.0.0.1:1234}
 * @param base   the application's base path, without a trailing slash, e.g. {@code /j}
 * @param stop   stops the server
 */
record TestServer(String origin, String base, Runnable stop) implements AutoCloseable {

    /** @return the URL of the probe that runs outside JAX-RS on the same worker thread */
    String probeUrl() {
        return origin + "/probe";
    }

    /** Stops the server. */
    @Override
    public void close() {
        stop.run();
    }
}
