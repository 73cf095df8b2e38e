package io.github.sentryjakarta.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** File, port and WAR helpers for the server tests. */
public final class Files2 {

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private Files2() {
    }

    /** A system property set by failsafe (see the "servers" profile), as a path that must exist. */
    public static Path requiredPath(String property) {
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

    /** A fresh, empty folder for one server run under {@code it.work} (target/server-runs). */
    public static Path freshRunDir(String name) {
        Path work = Path.of(System.getProperty("it.work", "target/server-runs"));
        Path dir = work.resolve(name);
        deleteTree(dir);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TCP port that is free on 127.0.0.1 now and was not handed out before in this JVM. */
    public static synchronized int freePort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port");
    }

    public static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies the WAR to {@code target}, replacing its {@code microprofile-config.properties} line
     * {@code sentry.trace-lifecycle=stream} with {@code static}: the same application in the other lifecycle.
     */
    public static Path warWithLifecycle(Path war, Path target, String lifecycle) {
        try {
            Files.createDirectories(target.getParent());
            Files.copy(war, target, StandardCopyOption.REPLACE_EXISTING);
            try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + target.toUri()), Map.of())) {
                Path config = zip.getPath("/WEB-INF/classes/META-INF/microprofile-config.properties");
                String text = Files.readString(config, StandardCharsets.UTF_8);
                String changed = text.replace("sentry.trace-lifecycle=stream", "sentry.trace-lifecycle=" + lifecycle);
                if (changed.equals(text)) {
                    throw new IllegalStateException("no sentry.trace-lifecycle=stream in " + config);
                }
                Files.writeString(config, changed, StandardCharsets.UTF_8);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A properties-file line; values here never need escaping beyond backslashes. */
    public static String propertiesLines(Map<String, String> properties) {
        StringBuilder out = new StringBuilder();
        properties.forEach((key, value) -> out.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n'));
        return out.toString();
    }
}
