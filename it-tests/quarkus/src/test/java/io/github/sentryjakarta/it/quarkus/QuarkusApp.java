package io.github.sentryjakarta.it.quarkus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}) running in a JVM of its own on a free
 * 127.0.0.1 port, with its console in {@code <run dir>/console.log}. Ready when Quarkus logs "Listening on" and
 * the port accepts connections; stopped with SIGTERM (graceful on Quarkus), killed if it does not stop in time or
 * if the test JVM dies first.
 */
final class QuarkusApp {

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private final String name;
    private final Process process;
    private final Path log;
    private final URI baseUri;
    private final long startedNanos = System.nanoTime();
    private final Thread killOnExit;
    private volatile long readyMillis = -1;
    private volatile long stopMillis = -1;

    private QuarkusApp(String name, Process process, Path log, URI baseUri) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.baseUri = baseUri;
        this.killOnExit = new Thread(this::kill, name + "-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts {@code quarkus-run.jar} (system property {@code it.quarkus.jar}) with {@code systemProperties} in a
     * fresh run folder {@code <it.work>/<name>} and waits until it serves.
     */
    static QuarkusApp start(String name, Map<String, String> systemProperties, Duration timeout) throws IOException {
        Path jar = requiredPath("it.quarkus.jar");
        Path runDir = freshRunDir(name);
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.console.color=false");
        command.addAll(List.of("-jar", jar.toString()));
        Path log = runDir.resolve("console.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(runDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("JAVA_OPTS");
        System.out.printf("[%s] starting %s on 127.0.0.1:%d with %s%n", name, jar.getFileName(), port, systemProperties);
        QuarkusApp app = new QuarkusApp(name, builder.start(), log, URI.create("http://127.0.0.1:" + port));
        try {
            app.awaitReady(timeout);
        } catch (AssertionError e) {
            app.kill();
            throw e;
        }
        return app;
    }

    URI baseUri() {
        return baseUri;
    }

    long readyMillis() {
        return readyMillis;
    }

    long stopMillis() {
        return stopMillis;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (logText().contains("Listening on") && listening()) {
                readyMillis = (System.nanoTime() - startedNanos) / 1_000_000;
                System.out.printf("[%s] ready after %d ms%n", name, readyMillis);
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before it was ready:\n" + tail(80));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " not ready within " + timeout + ":\n" + tail(80));
            }
            pause(50);
        }
    }

    /** Whether the HTTP port accepts connections (a plain TCP connect: no request, so no span). */
    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(baseUri.getHost(), baseUri.getPort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * SIGTERM, then waits for the JVM to exit; kills it if it is still alive after {@code timeout}.
     *
     * @return true if it stopped by itself in time with exit code 0 or 143 (SIGTERM)
     */
    boolean stop(Duration timeout) {
        if (!process.isAlive()) {
            return true;
        }
        long start = System.nanoTime();
        process.destroy(); // SIGTERM
        boolean stopped;
        try {
            stopped = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = false;
        }
        stopMillis = (System.nanoTime() - start) / 1_000_000;
        if (stopped) {
            System.out.printf("[%s] stopped gracefully in %d ms (exit %d)%n", name, stopMillis, process.exitValue());
        } else {
            System.out.printf("[%s] did not stop within %s: killing it%n", name, timeout);
            kill();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs anyway
        }
        return stopped;
    }

    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // nothing more to do
        }
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            try {
                return new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1);
            } catch (IOException again) {
                throw new UncheckedIOException(again);
            }
        }
    }

    /** The log's lines without ANSI colour codes. */
    List<String> logLines() {
        return logText().lines().map(line -> line.replaceAll("\u001B\\[[0-9;]*m", "")).toList();
    }

    String tail(int lines) {
        List<String> all = logLines();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    static Path requiredPath(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run with -Pservers");
        }
        Path path = Path.of(value);
        if (!Files.exists(path)) {
            throw new IllegalStateException(property + " points to a missing file: " + path);
        }
        return path;
    }

    private static Path freshRunDir(String name) throws IOException {
        Path dir = Path.of(System.getProperty("it.work", "target/server-runs")).resolve(name);
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /** A TCP port that is free on 127.0.0.1 now and was not handed out before in this JVM. */
    static synchronized int freePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
        throw new IllegalStateException("no free port");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
