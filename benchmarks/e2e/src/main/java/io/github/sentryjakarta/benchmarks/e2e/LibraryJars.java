package io.github.sentryjakarta.benchmarks.e2e;

import java.io.File;
import java.util.Arrays;
import java.util.List;

/**
 * The library's entries on the driver's class path (its jars after {@code mvn package}, or the modules' class
 * folders): what the Grizzly target leaves off the application's class path and the WildFly target puts in
 * {@code WEB-INF/lib}, depending on the {@link Mode}.
 */
final class LibraryJars {

    private LibraryJars() {
    }

    /** @return the library's entries of {@code classpath} */
    static List<String> in(String classpath) {
        return entries(classpath).stream().filter(LibraryJars::isLibrary).toList();
    }

    /** @return {@code classpath} without the library's entries */
    static String removedFrom(String classpath) {
        return String.join(File.pathSeparator, entries(classpath).stream().filter(e -> !isLibrary(e)).toList());
    }

    private static List<String> entries(String classpath) {
        return Arrays.asList(classpath.split(File.pathSeparator));
    }

    private static boolean isLibrary(String entry) {
        String e = entry.replace('\\', '/');
        return e.matches(".*/sentry-jakarta-(core|config|cdi|jaxrs)[^/]*\\.jar") && !e.endsWith("-tests.jar")
                || e.matches(".*/(core|config|cdi-extension|jaxrs-filter)/target/classes/?");
    }
}
