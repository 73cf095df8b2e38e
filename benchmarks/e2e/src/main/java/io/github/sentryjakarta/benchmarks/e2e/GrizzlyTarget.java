package io.github.sentryjakarta.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The default target: {@link LoadApp} (Jersey on Grizzly + Weld SE) in a JVM of its own, with the driver's class
 * path, without the library's jars in mode {@code off}; configured by {@code -Dsentry.*}; heap fixed at 512 MB.
 */
final class GrizzlyTarget implements Target {

    private static final List<String> JVM = List.of("-Xms512m", "-Xmx512m");

    private final String classpath;
    private final Path out;

    GrizzlyTarget(String classpath, Path out) {
        this.classpath = classpath;
        this.out = out;
    }

    @Override
    public String name() {
        return "Jersey + Weld SE on Grizzly";
    }

    @Override
    public App start(Mode mode, String dsn, List<String> jvmOptions) throws IOException {
        List<String> options = new ArrayList<>(JVM);
        options.addAll(jvmOptions);
        options.addAll(mode.systemProperties(dsn));
        JvmProcess process = new JvmProcess("application (" + mode.label + ")",
                mode.withLibrary() ? classpath : LibraryJars.removedFrom(classpath), options,
                LoadApp.class.getName(), out.resolve("app-" + mode.name().toLowerCase(Locale.ROOT) + ".log"));
        int port = Integer.parseInt(process.await("READY"));
        return new App() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public String path() {
                return "/orders/42";
            }

            @Override
            public long[] stats() throws IOException {
                return Target.parseStats(process.ask("stats", "STATS"));
            }

            @Override
            public long stop() throws IOException {
                return Long.parseLong(process.ask("stop", "STOPPED"));
            }

            @Override
            public void close() throws InterruptedException {
                process.close();
            }
        };
    }
}
