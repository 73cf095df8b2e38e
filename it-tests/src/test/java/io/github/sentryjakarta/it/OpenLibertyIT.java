package io.github.sentryjakarta.it;

import io.github.sentryjakarta.it.harness.Files2;
import io.github.sentryjakarta.it.harness.ServerProcess;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Open Liberty (its RESTEasy build + Weld + SmallRye Config), from {@code io.openliberty:openliberty-runtime}
 * unpacked by the "servers" profile; a server folder of its own under {@code WLP_USER_DIR}.
 */
class OpenLibertyIT extends AbstractServerIT {

    private static final String SERVER = "shop";

    @Override
    String serverName() {
        return "openliberty";
    }

    /** The features of SERVERS.md plus {@code servlet-6.0}; {@link OpenLibertyRestOnlyIT} runs without it. */
    List<String> features() {
        return List.of("cdi-4.0", "restfulWS-3.1", "restfulWSClient-3.1", "mpConfig-3.1", "jsonb-3.0", "jsonp-2.1",
                "concurrent-3.0", "mpRestClient-4.0", "enterpriseBeansLite-4.0", "servlet-6.0");
    }

    /** Liberty refuses filters added from its CDI listener (SRVE8011E): one line per deployment says so. */
    @Override
    List<String> knownLibraryLogLines() {
        String refused = "sentry-jakarta: the servlet container does not let CDI add the servlet filter; "
                + "JAX-RS spans are complete without it, client.address is not recorded";
        return List.of(refused, refused);
    }

    /**
     * Liberty applies third-party Jakarta Concurrency context providers only to context services the application
     * defines itself ({@code @ContextServiceDefinition}): the application's own executor, context service and
     * {@code @Asynchronous(executor = ...)} join, the default ones do not, nor does the async JAX-RS client (RESTEasy's
     * {@code ThreadContext} SPI is hidden from applications) or EJB {@code @Asynchronous} (see the README's Limits).
     * What does not join starts traces of its own, never another request's ({@code foreignSpans} is empty here too).
     */
    @Override
    Set<String> workNotJoining() {
        return Set.of("executor", "chain", "scheduled", "context", "asynchronous", "client", "ejb");
    }

    @Override
    ServerProcess start(Path runDir, Map<String, String> systemProperties, List<Path> wars) throws Exception {
        Path home = Files2.requiredPath("liberty.home");
        Path userDir = runDir.resolve("usr");
        Path serverDir = userDir.resolve("servers").resolve(SERVER);
        int httpPort = Files2.freePort();

        StringBuilder apps = new StringBuilder();
        for (Path war : wars) {
            String name = war.getFileName().toString().replaceFirst("\\.war$", "");
            apps.append("  <webApplication id=\"").append(name).append("\" name=\"").append(name)
                    .append("\" location=\"").append(war.toAbsolutePath()).append("\" contextRoot=\"/").append(name)
                    .append("\"/>\n");
        }
        Files2.write(serverDir.resolve("server.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <server description="sentry-jakarta integration tests">
                  <featureManager>
                %s  </featureManager>
                  <httpEndpoint id="defaultHttpEndpoint" host="127.0.0.1" httpPort="${http.port}" httpsPort="-1"/>
                  <applicationManager autoExpand="true"/>
                  <config updateTrigger="disabled"/>
                %s</server>
                """.formatted(features().stream().map(f -> "    <feature>" + f + "</feature>\n").collect(Collectors.joining()), apps));
        // INFO on the console too (the library's "started" line, its warnings), not only in logs/messages.log.
        Files2.write(serverDir.resolve("bootstrap.properties"), "http.port=" + httpPort + "\n"
                + "com.ibm.ws.logging.console.log.level=INFO\n");
        StringBuilder jvmOptions = new StringBuilder();
        systemProperties.forEach((key, value) -> jvmOptions.append("-D").append(key).append('=').append(value).append('\n'));
        Files2.write(serverDir.resolve("jvm.options"), jvmOptions.toString());

        Path script = home.resolve("bin/server");
        Path log = runDir.resolve("console.log");
        ProcessBuilder builder = new ProcessBuilder(args("/bin/sh", script.toString(), "run", SERVER))
                .directory(runDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        environment(builder.environment(), userDir);
        System.out.printf("[openliberty] starting %s on 127.0.0.1:%d with %s%n", home, httpPort, describe(systemProperties));

        ServerProcess.Stopper stopCommand = server -> {
            // "server stop" asks the running server to stop gracefully and waits for it.
            ProcessBuilder stop = new ProcessBuilder(args("/bin/sh", script.toString(), "stop", SERVER))
                    .directory(runDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(runDir.resolve("stop.log").toFile());
            environment(stop.environment(), userDir);
            Process stopping = stop.start();
            if (!stopping.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
                stopping.destroyForcibly();
            }
        };
        ServerProcess server = new ServerProcess("openliberty", builder.start(), log,
                URI.create("http://127.0.0.1:" + httpPort), Optional::empty, stopCommand);
        try {
            server.awaitReady(STARTUP,
                    () -> wars.stream().allMatch(war -> server.logText().contains(
                            "CWWKZ0001I: Application " + war.getFileName().toString().replaceFirst("\\.war$", "") + " started")),
                    () -> server.logText().matches("(?s).*CWWKZ000[2-4]E.*"));
        } catch (AssertionError e) {
            server.kill();
            throw e;
        }
        return server;
    }

    private static void environment(Map<String, String> environment, Path userDir) {
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("WLP_USER_DIR", userDir.toString());
        environment.remove("WLP_OUTPUT_DIR");
        environment.remove("JVM_ARGS");
        environment.remove("OPENJ9_JAVA_OPTIONS");
    }
}
