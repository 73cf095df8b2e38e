package io.github.sentryjakarta.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A server started by a test: its launcher process, the JVM that serves (the same process, or a child whose pid
 * the launcher writes down), its console log, and how to stop it gracefully.
 */
public final class ServerProcess {

    /** How a server is asked to stop gracefully. */
    public interface Stopper {
        void requestStop(ServerProcess server) throws Exception;
    }

    private final String name;
    private final Process launcher;
    private final Path log;
    private final URI baseUri;
    private final Supplier<Optional<ProcessHandle>> serverJvm;
    private final Stopper stopper;
    private final long startedNanos = System.nanoTime();
    private volatile long readyMillis = -1;
    private volatile long stopMillis = -1;
    private final Thread killOnExit;

    public ServerProcess(String name, Process launcher, Path log, URI baseUri,
            Supplier<Optional<ProcessHandle>> serverJvm, Stopper stopper) {
        this.name = name;
        this.launcher = launcher;
        this.log = log;
        this.baseUri = baseUri;
        this.serverJvm = serverJvm;
        this.stopper = stopper;
        // If the test JVM dies (failsafe's fork timeout, Ctrl-C) before @AfterAll, take the server down with it.
        this.killOnExit = new Thread(this::kill, name + "-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Sends SIGTERM (a graceful shutdown on every server here) to the serving JVM. */
    public static Stopper sigterm() {
        return server -> server.jvm().destroy();
    }

    public String name() {
        return name;
    }

    public URI baseUri() {
        return baseUri;
    }

    public Path log() {
        return log;
    }

    public Process launcher() {
        return launcher;
    }

    /** The serving JVM, or the launcher if it is the JVM (or the pid is not known yet). */
    public ProcessHandle jvm() {
        return serverJvm.get().orElse(launcher.toHandle());
    }

    public long readyMillis() {
        return readyMillis;
    }

    public long stopMillis() {
        return stopMillis;
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            // The server may write invalid UTF-8 or be rotating: read what we can.
            try {
                return new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1);
            } catch (IOException again) {
                throw new UncheckedIOException(again);
            }
        }
    }

    /** The log's lines without ANSI colour codes. */
    public List<String> logLines() {
        return logText().lines().map(line -> line.replaceAll("\u001B\\[[0-9;]*m", "")).toList();
    }

    /**
     * Prints the log's lines at WARN or above that mention sentry, but stack frames and the {@code expected} ones,
     * so that a run's output shows what the runtime said about the library.
     */
    public void printSentryWarnings(String label, Predicate<String> expected) {
        List<String> lines = logLines().stream()
                .filter(line -> line.toLowerCase(Locale.ROOT).contains("sentry"))
                .filter(line -> !line.startsWith("\tat ") && !expected.test(line))
                .filter(line -> line.matches(".*\\b(WARN|WARNING|ERROR|SEVERE)\\b.*"))
                .toList();
        System.out.printf("[%s] log lines at WARN or above mentioning sentry (%d):%n  %s%n", label, lines.size(),
                String.join("\n  ", lines));
    }

    /**
     * Waits until {@code ready} holds and the HTTP port accepts connections, failing early (with the log's tail) if the server dies or {@code failed}
     * holds. Checks every 100 ms until the deadline.
     */
    public void awaitReady(Duration timeout, BooleanSupplier ready, BooleanSupplier failed) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (ready.getAsBoolean() && listening()) {
                readyMillis = (System.nanoTime() - startedNanos) / 1_000_000;
                System.out.printf("[%s] ready after %d ms%n", name, readyMillis);
                return;
            }
            if (failed.getAsBoolean()) {
                throw new AssertionError(name + " failed to deploy:\n" + tail(80));
            }
            if (!launcher.isAlive()) {
                throw new AssertionError(name + " exited with " + launcher.exitValue() + " before it was ready:\n" + tail(80));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " not ready within " + timeout + ":\n" + tail(80));
            }
            pause(100);
        }
    }

    /** Whether the HTTP port accepts connections (a plain TCP connect: no request, so no span). */
    private boolean listening() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(baseUri.getHost(), baseUri.getPort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Asks the server to stop gracefully and waits for the launcher and the JVM to exit; kills both if they are
     * still alive after {@code timeout}.
     *
     * @return true if it stopped by itself in time
     */
    public boolean stop(Duration timeout) {
        if (!launcher.isAlive() && !jvm().isAlive()) {
            return true;
        }
        long start = System.nanoTime();
        ProcessHandle jvm = jvm();
        try {
            stopper.requestStop(this);
        } catch (Exception e) {
            System.out.printf("[%s] stop request failed: %s%n", name, e);
        }
        boolean stopped = waitFor(jvm, timeout) && waitFor(launcher.toHandle(), Duration.ofSeconds(5));
        stopMillis = (System.nanoTime() - start) / 1_000_000;
        if (stopped) {
            System.out.printf("[%s] stopped gracefully in %d ms%n", name, stopMillis);
        } else {
            System.out.printf("[%s] did not stop within %s: killing it%n", name, timeout);
            kill();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs anyway; the processes are gone
        }
        return stopped;
    }

    /** Kills the JVM, the launcher and anything they started. */
    public void kill() {
        ProcessHandle jvm = jvm();
        jvm.descendants().forEach(ProcessHandle::destroyForcibly);
        jvm.destroyForcibly();
        launcher.descendants().forEach(ProcessHandle::destroyForcibly);
        launcher.destroyForcibly();
        waitFor(jvm, Duration.ofSeconds(10));
        waitFor(launcher.toHandle(), Duration.ofSeconds(10));
    }

    public String tail(int lines) {
        List<String> all = logLines();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static boolean waitFor(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
