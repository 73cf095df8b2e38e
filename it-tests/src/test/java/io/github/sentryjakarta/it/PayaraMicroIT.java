package io.github.sentryjakarta.it;

import io.github.sentryjakarta.it.harness.Files2;
import io.github.sentryjakarta.it.harness.ServerProcess;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Payara Micro 6 (Jersey + Weld + Payara's own MicroProfile Config), from {@code fish.payara.extras:payara-micro}
 * copied by the "servers" profile. Jersey does not read {@code META-INF/services/jakarta.ws.rs.ext.Providers}: the
 * library's filters must come from {@code @Provider} scanning and its Jersey {@code AutoDiscoverable}.
 */
class PayaraMicroIT extends AbstractServerIT {

    @Override
    String serverName() {
        return "payara-micro";
    }

    /**
     * Payara applies the library's Jakarta Concurrency provider to its managed executors, scheduled executors,
     * Concurrency {@code @Asynchronous} and the application's own {@code @ContextServiceDefinition}, but not to
     * proxies of the default {@code ContextService}; EJB {@code @Asynchronous} runs on the EJB container's pool with
     * no context provider (see the README's Limits).
     */
    @Override
    Set<String> workNotJoining() {
        return Set.of("context", "ejb");
    }

    @Override
    ServerProcess start(Path runDir, Map<String, String> systemProperties, List<Path> wars) throws Exception {
        Path jar = Files2.requiredPath("payara.micro.jar");
        int httpPort = Files2.freePort();
        int hazelcastPort = Files2.freePort();
        // No bind-address option: a pre-boot command puts the HTTP listener on loopback.
        Path preBoot = runDir.resolve("preboot.txt");
        Files2.write(preBoot, "set configs.config.server-config.network-config.network-listeners.network-listener"
                + ".http-listener.address=127.0.0.1\n");

        List<String> command = args(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dhazelcast.socket.bind.any=false");
        command.addAll(List.of("-jar", jar.toString()));
        for (Path war : wars) { // context root = file name without .war
            command.addAll(List.of("--deploy", war.toString()));
        }
        command.addAll(List.of("--port", String.valueOf(httpPort),
                "--rootdir", runDir.resolve("root").toString(),
                "--prebootcommandfile", preBoot.toString(),
                // Hazelcast always starts; keep it on loopback.
                "--clustermode", "tcpip:127.0.0.1:" + hazelcastPort,
                "--interfaces", "127.0.0.1",
                "--startport", String.valueOf(hazelcastPort)));
        Path log = runDir.resolve("console.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(runDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        System.out.printf("[payara-micro] starting %s on 127.0.0.1:%d with %s%n", jar.getFileName(), httpPort,
                describe(systemProperties));

        ServerProcess server = new ServerProcess("payara-micro", builder.start(), log,
                URI.create("http://127.0.0.1:" + httpPort), Optional::empty, ServerProcess.sigterm());
        try {
            server.awaitReady(STARTUP,
                    () -> server.logText().matches("(?s).*Payara Micro .* ready in .*"),
                    () -> server.logText().contains("Deployment failed")
                            || server.logText().contains("Exception while loading the app"));
        } catch (AssertionError e) {
            server.kill();
            throw e;
        }
        return server;
    }
}
