package io.github.sentryjakarta.benchmarks.e2e;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Where the application under load runs: {@link GrizzlyTarget} (Jersey + Weld SE in a JVM of its own, the
 * default) or {@link WildFlyTarget} (the same classes as a WAR on a real WildFly). Each start is one
 * {@link Mode}: a fresh server, with or without the library.
 */
interface Target {

    /** @return a name for tables and logs */
    String name();

    /**
     * Starts the application, configured for {@code mode} with Sentry at {@code dsn}, and returns once it
     * accepts requests.
     */
    App start(Mode mode, String dsn, List<String> jvmOptions) throws Exception;

    /** A running application. {@link #close()} kills what {@link #stop()} did not stop. */
    interface App extends AutoCloseable {

        /** @return the HTTP port on 127.0.0.1 */
        int port();

        /** @return the path of the 6-span request */
        String path();

        /** @return requests served, then CPU nanoseconds per {@link ThreadCpu.Group}, since the start */
        long[] stats() throws IOException;

        /**
         * Stops the application gracefully, so that the library flushes what it buffered.
         *
         * @return the requests it served
         */
        long stop() throws Exception;
    }

    /** @return the numbers of a stats line ({@link ThreadCpu#report}) */
    static long[] parseStats(String line) {
        return Arrays.stream(line.trim().split(" ")).mapToLong(Long::parseLong).toArray();
    }
}
