package io.github.sentryjakarta.jaxrs;

/** One running service with the test application, on 127.0.0.1, with a single worker thread. */
interface TestServer extends AutoCloseable {

    /** @return e.g. {@code http://127.0.0.1:1234} */
    String origin();

    /** @return the application's base path, without a trailing slash, e.g. {@code /j} */
    String base();

    /** @return the URL of the probe that runs outside JAX-RS on the same worker thread */
    String probeUrl();

    /** Stops the server. */
    @Override
    void close();
}
