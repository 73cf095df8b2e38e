package io.github.sentryjakarta.it.harness;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a packaged Quarkus application ({@code target/quarkus-app/quarkus-run.jar}, system property
 * {@code it.quarkus.jar}) in a JVM of its own on a free 127.0.0.1 port, with its console in
 * {@code <it.work>/<name>/console.log}: a {@link ServerProcess} like the servers, ready when Quarkus logs
 * "Listening on" and the port accepts connections, stopped with SIGTERM (graceful on Quarkus).
 */
public final class QuarkusApp {

    private QuarkusApp() {
    }

    /** Starts the application with {@code systemProperties} in a fresh run folder and waits until it serves. */
    public static ServerProcess start(String name, Map<String, String> systemProperties, Duration timeout)
            throws IOException {
        Path jar = Files2.requiredPath("it.quarkus.jar");
        Path runDir = Files2.freshRunDir(name);
        int port = Files2.freePort();
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
        ServerProcess app = new ServerProcess(name, builder.start(), log, URI.create("http://127.0.0.1:" + port),
                Optional::empty, ServerProcess.sigterm());
        try {
            app.awaitReady(timeout, () -> app.logText().contains("Listening on"), () -> false);
        } catch (AssertionError e) {
            app.kill();
            throw e;
        }
        return app;
    }
}
