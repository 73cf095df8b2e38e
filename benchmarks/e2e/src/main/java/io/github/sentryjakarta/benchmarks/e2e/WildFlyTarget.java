package io.github.sentryjakarta.benchmarks.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The application as a WAR ({@link WarFile}) on a real WildFly, started as the it-tests start it: a copy of
 * {@code standalone/} per mode, {@code standalone.xml} (it has what the application needs, JAX-RS, CDI, servlets
 * and MicroProfile Config, and, unlike {@code standalone-microprofile.xml}, no OpenTelemetry or other
 * MicroProfile subsystems that would add per-request work of their own to the baseline), everything on
 * 127.0.0.1 on free ports, heap fixed at 512 MB as on Grizzly. The library is configured through system
 * properties (MicroProfile Config reads them). Stopped with SIGTERM, WildFly's graceful shutdown: the
 * deployment is undeployed and the library flushes. CPU per thread group comes from the WAR's
 * {@link StatsServlet}. Components: the unpacked WildFly, the driver's class path (for the library's jars), and
 * the folder for each mode's server and logs.
 */
record WildFlyTarget(Path home, String classpath, Path out) implements Target {

    private static final String CONTEXT = "e2e";
    private static final long DEPLOY_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(3);

    /** @return WildFly unpacked by {@code -Pwildfly} under {@code target/servers}, beside {@code target/classes} */
    static Path unpackedHome() throws IOException {
        Path servers = WarFile.classesFolder().resolveSibling("servers");
        if (Files.isDirectory(servers)) {
            try (Stream<Path> dirs = Files.list(servers)) {
                Optional<Path> home = dirs.filter(d -> d.getFileName().toString().startsWith("wildfly-")).findFirst();
                if (home.isPresent()) {
                    return home.get();
                }
            }
        }
        throw new IOException("WildFly is not unpacked under " + servers
                + ": build with mvn -pl benchmarks/e2e -am package -Pwildfly (run.sh --target=wildfly does)");
    }

    @Override
    public String name() {
        return home.getFileName() + " (standalone.xml)";
    }

    @Override
    public App start(Mode mode, String dsn, List<String> jvmOptions) throws IOException, InterruptedException {
        if (!jvmOptions.isEmpty()) {
            // WildFly may make the JVM's default TLS context while it boots, before a trust store set here applies.
            throw new IllegalArgumentException("JVM options for the application (such as an HTTPS receiver's trust "
                    + "store) are supported on the grizzly target only");
        }
        Path run = out.resolve("wildfly-" + mode.name().toLowerCase(Locale.ROOT)).toAbsolutePath();
        Path base = run.resolve("standalone");
        deleteTree(run);
        copyTree(home.resolve("standalone"), base);
        WarFile.write(base.resolve("deployments").resolve(CONTEXT + ".war"),
                mode.withLibrary() ? LibraryJars.in(classpath) : List.of());
        int port = freePort();
        Properties properties = new Properties();
        for (String option : mode.systemProperties(dsn)) { // -Dkey=value
            int eq = option.indexOf('=');
            properties.setProperty(option.substring(2, eq), option.substring(eq + 1));
        }
        properties.setProperty("jboss.http.port", String.valueOf(port));
        for (String other : List.of("https", "management.http", "management.https", "ajp")) {
            properties.setProperty("jboss." + other + ".port", String.valueOf(freePort()));
        }
        Path propertiesFile = run.resolve("server.properties");
        try (Writer writer = Files.newBufferedWriter(propertiesFile)) {
            properties.store(writer, "system properties (standalone.sh re-evaluates its arguments: they go in a file)");
        }
        Path pidFile = run.resolve("wildfly.pid");
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", home.resolve("bin/standalone.sh").toString(),
                "-c", "standalone.xml", "-Djboss.server.base.dir=" + base, "-b", "127.0.0.1",
                "-bmanagement", "127.0.0.1", "-P", propertiesFile.toUri().toString())
                .directory(run.toFile()).redirectErrorStream(true).redirectOutput(run.resolve("console.log").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JBOSS_JAVA_SIZING", "-Xms512m -Xmx512m");
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
        builder.environment().put("JBOSS_PIDFILE", pidFile.toString());
        builder.environment().remove("JAVA_OPTS");
        Server server = new Server(builder.start(), pidFile, port);
        try {
            server.awaitDeployed(base.resolve("deployments").resolve(CONTEXT + ".war"));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** One WildFly process: the launcher script and the JVM whose pid it writes down. */
    private static final class Server implements App {
        private final Process launcher;
        private final Path pidFile;
        private final int port;
        private ProcessHandle jvm;

        Server(Process launcher, Path pidFile, int port) {
            this.launcher = launcher;
            this.pidFile = pidFile;
            this.port = port;
        }

        void awaitDeployed(Path war) throws IOException, InterruptedException {
            Path deployed = war.resolveSibling(war.getFileName() + ".deployed");
            Path failed = war.resolveSibling(war.getFileName() + ".failed");
            long deadline = System.nanoTime() + DEPLOY_TIMEOUT_NANOS;
            while (!(Files.exists(deployed) && listening())) {
                if (Files.exists(failed) || !launcher.isAlive() || System.nanoTime() - deadline > 0) {
                    throw new IOException("WildFly did not deploy " + war.getFileName() + " (see "
                            + pidFile.resolveSibling("console.log") + ")");
                }
                Thread.sleep(100); // polling the deployment scanner's marker files
            }
            String pid = Files.readString(pidFile).trim();
            jvm = ProcessHandle.of(Long.parseLong(pid)).orElseThrow(() -> new IOException("no process " + pid));
        }

        private boolean listening() {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public String path() {
            return "/" + CONTEXT + "/orders/42";
        }

        @Override
        public long[] stats() throws IOException {
            try (InputStream in = URI.create("http://127.0.0.1:" + port + "/" + CONTEXT + "/benchmark-stats").toURL()
                    .openStream()) {
                return Target.parseStats(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            }
        }

        @Override
        public long stop() throws Exception {
            long served = stats()[0]; // the load has ended: nothing is served after this
            jvm.destroy(); // SIGTERM: graceful shutdown, undeploys (the library flushes)
            jvm.onExit().get(2, TimeUnit.MINUTES);
            launcher.waitFor(30, TimeUnit.SECONDS);
            return served;
        }

        @Override
        public void close() throws InterruptedException {
            if (jvm != null) {
                jvm.destroyForcibly();
            }
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
