package io.github.sentryjakarta.it;

import io.github.sentryjakarta.it.harness.Files2;
import io.github.sentryjakarta.it.jpa.Customer;
import io.github.sentryjakarta.jdbc.SentryDriver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds {@code shop-jpa.war} for {@link WildFlyJpaIT}: the shop WAR (library, JAX-RS application) plus the JPA
 * classes of {@code io.github.sentryjakarta.it.jpa} (test classes, so that the shop WAR deployed on every server
 * stays free of JPA), its persistence unit and load script, the {@code sentry-jakarta-jdbc} jar, a
 * {@code web.xml} declaring the {@code jdbc:sentry:h2:mem:<database>} data source and WildFly's
 * {@code jboss-deployment-structure.xml} (the H2 module).
 */
final class JpaWar {

    private JpaWar() {
    }

    static Path build(Path shopWar, Path target, String database, String lifecycle) {
        try {
            Path war = lifecycle.equals("stream")
                    ? Files.copy(shopWar, target, StandardCopyOption.REPLACE_EXISTING)
                    : Files2.warWithLifecycle(shopWar, target, lifecycle);
            try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + war.toUri()), Map.of())) {
                Path classes = zip.getPath("/WEB-INF/classes");
                Path jpaClasses = codeSource(Customer.class).resolve("io/github/sentryjakarta/it/jpa");
                Path jpaTarget = Files.createDirectories(classes.resolve("io/github/sentryjakarta/it/jpa"));
                try (Stream<Path> files = Files.list(jpaClasses)) {
                    for (Path file : files.toList()) {
                        Files.copy(file, jpaTarget.resolve(file.getFileName().toString()));
                    }
                }
                Files.createDirectories(classes.resolve("META-INF"));
                copyResource("persistence.xml", classes.resolve("META-INF/persistence.xml"));
                copyResource("shop-data.sql", classes.resolve("META-INF/shop-data.sql"));
                copyResource("jboss-deployment-structure.xml", zip.getPath("/WEB-INF/jboss-deployment-structure.xml"));
                Files.writeString(zip.getPath("/WEB-INF/web.xml"),
                        resource("web.xml").replace("DATABASE", database), StandardCharsets.UTF_8);
                addJdbcJar(zip.getPath("/WEB-INF/lib/sentry-jakarta-jdbc.jar"));
            }
            return war;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reactor hands the test the jdbc module's jar, or (before packaging) its classes folder. */
    private static void addJdbcJar(Path target) throws IOException {
        Path source = codeSource(SentryDriver.class);
        if (Files.isRegularFile(source)) {
            Files.copy(source, target);
            return;
        }
        Path jar = Files.createTempFile("sentry-jakarta-jdbc", ".jar");
        Files.delete(jar);
        try (FileSystem out = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of("create", "true"));
                Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path entry = out.getPath("/" + source.relativize(file).toString().replace('\\', '/'));
                Files.createDirectories(entry.getParent());
                Files.copy(file, entry);
            }
        }
        Files.copy(jar, target);
        Files.delete(jar);
    }

    private static void copyResource(String name, Path target) throws IOException {
        Files.writeString(target, resource(name), StandardCharsets.UTF_8);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = JpaWar.class.getResourceAsStream("/jpa/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource jpa/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
