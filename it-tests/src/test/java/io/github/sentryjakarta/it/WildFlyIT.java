package io.github.sentryjakarta.it;

import io.github.sentryjakarta.it.harness.Files2;
import io.github.sentryjakarta.it.harness.ServerProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * WildFly (RESTEasy + Weld + SmallRye Config), {@code standalone.xml} (WildFly's default configuration: Jakarta EE
 * with MicroProfile Config and Rest Client, and an EJB container, which {@code standalone-microprofile.xml} lacks),
 * from {@code org.wildfly:wildfly-dist} unpacked by the "servers" profile.
 */
class WildFlyIT extends AbstractServerIT {

    @Override
    String serverName() {
        return "wildfly";
    }

    /**
     * EJB {@code @Asynchronous} runs on the EJB container's own pool ({@code EJB default - N}), which applies no
     * Jakarta Concurrency context provider: the task starts a trace of its own (see the README's Limits).
     */
    @Override
    Set<String> workNotJoining() {
        return Set.of("ejb");
    }

    @Override
    ServerProcess start(Path runDir, Map<String, String> systemProperties, List<Path> wars) throws Exception {
        Path home = Files2.requiredPath("wildfly.home");
        Path base = runDir.resolve("standalone");
        Files2.copyTree(home.resolve("standalone"), base);
        for (Path war : wars) {
            Files.copy(war, base.resolve("deployments").resolve(war.getFileName()));
        }
        int httpPort = Files2.freePort();
        Map<String, String> properties = new LinkedHashMap<>(systemProperties);
        properties.put("jboss.http.port", String.valueOf(httpPort));
        properties.put("jboss.https.port", String.valueOf(Files2.freePort()));
        properties.put("jboss.management.http.port", String.valueOf(Files2.freePort()));
        properties.put("jboss.management.https.port", String.valueOf(Files2.freePort()));
        properties.put("jboss.ajp.port", String.valueOf(Files2.freePort()));
        // standalone.sh re-evaluates its arguments: system properties go in a file.
        Path propertiesFile = runDir.resolve("server.properties");
        Files2.write(propertiesFile, Files2.propertiesLines(properties));

        Path pidFile = runDir.resolve("wildfly.pid");
        Path log = runDir.resolve("console.log");
        ProcessBuilder builder = new ProcessBuilder(args("/bin/sh", home.resolve("bin/standalone.sh").toString(),
                "-c", "standalone.xml",
                "-Djboss.server.base.dir=" + base,
                "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
                "-P", propertiesFile.toUri().toString()))
                .directory(runDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
        builder.environment().put("JBOSS_PIDFILE", pidFile.toString());
        builder.environment().remove("JAVA_OPTS");
        System.out.printf("[wildfly] starting %s on 127.0.0.1:%d with %s%n", home.getFileName(), httpPort, describe(systemProperties));

        ServerProcess server = new ServerProcess("wildfly", builder.start(), log, URI.create("http://127.0.0.1:" + httpPort),
                () -> readPid(pidFile), ServerProcess.sigterm());
        Path deployments = base.resolve("deployments");
        try {
            server.awaitReady(STARTUP,
                    () -> wars.stream().allMatch(war -> Files.exists(deployments.resolve(war.getFileName() + ".deployed"))),
                    () -> wars.stream().anyMatch(war -> Files.exists(deployments.resolve(war.getFileName() + ".failed"))));
        } catch (AssertionError e) {
            server.kill();
            throw e;
        }
        return server;
    }

    private static Optional<ProcessHandle> readPid(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            String pid = Files.readString(pidFile).trim();
            return pid.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(pid));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
