package io.github.sentryjakarta.benchmarks.e2e;

import io.github.sentryjakarta.benchmarks.e2e.app.LoadApplication;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The benchmark WAR for the WildFly target, assembled from this module's compiled classes so that WildFly runs
 * exactly the Grizzly target's application: the {@code app} package (resource and beans), {@code META-INF/beans.xml},
 * the {@link StatsServlet} with {@link ThreadCpu}, a {@code web.xml} mapping {@link LoadApplication} to the
 * context root, and, with the library, its jars in {@code WEB-INF/lib} as an application adds them. Everything
 * else (JAX-RS, CDI, MicroProfile Config, servlets) the server provides.
 */
final class WarFile {

    private static final String PACKAGE = ThreadCpu.class.getPackageName().replace('.', '/') + "/";

    private WarFile() {
    }

    /**
     * Writes the WAR.
     *
     * @param war          the file to write
     * @param libraryJars  the library's class path entries ({@link LibraryJars}), empty for the WAR without it
     */
    static void write(Path war, List<String> libraryJars) throws IOException {
        Path classes = classesFolder();
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            try (InputStream webXml = WarFile.class.getResourceAsStream("/wildfly/web.xml")) {
                put(zip, "WEB-INF/web.xml", webXml);
            }
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String name = classes.relativize(file).toString().replace('\\', '/');
                    if (inWar(name)) {
                        try (InputStream in = Files.newInputStream(file)) {
                            put(zip, "WEB-INF/classes/" + name, in);
                        }
                    }
                }
            }
            for (String entry : libraryJars) {
                Path jar = Path.of(entry);
                if (!Files.isRegularFile(jar)) {
                    throw new IOException("the WAR needs the library's jars, found the folder " + jar
                            + ": build with mvn package (run.sh does)");
                }
                try (InputStream in = Files.newInputStream(jar)) {
                    put(zip, "WEB-INF/lib/" + jar.getFileName(), in);
                }
            }
        }
    }

    private static boolean inWar(String name) {
        return name.equals("META-INF/beans.xml") || name.startsWith(PACKAGE + "app/")
                || name.startsWith(PACKAGE + "ThreadCpu") || name.equals(PACKAGE + "StatsServlet.class");
    }

    private static void put(ZipOutputStream zip, String name, InputStream content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        content.transferTo(zip);
        zip.closeEntry();
    }

    /** @return the folder this class was loaded from ({@code target/classes}) */
    static Path classesFolder() {
        try {
            return Path.of(WarFile.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
