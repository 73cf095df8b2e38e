package io.github.sentryjakarta.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ```java} block of the project's READMEs compiles against what a user can see: the packages the
 * library's jars export (read from their {@code module-info}) and the Jakarta EE / MicroProfile APIs, nothing
 * internal and no server implementation.
 *
 * <p>What a snippet is: a fenced block whose info string is {@code java} (indented fences in list items too).
 * A snippet that declares a type at its top level is compiled as a file; any other is a sequence of statements,
 * compiled as the body of a method. The reader's elision {@code ...} is kept readable: a line of just {@code ...}
 * stands for nothing, a body {@code { ... }} for one that throws. An HTML comment on the line before the fence
 * can say {@code <!-- snippet-context: declarations -->} (names the snippet assumes, e.g. the application's own
 * types, added around it and invisible to the reader), {@code <!-- snippet-java: 21 -->} (compiled only on that
 * Java or later, skipped before) or {@code <!-- snippet-skip: why -->}.
 */
class ReadmeSnippetsCompileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern FENCE_OPEN = Pattern.compile("^(\\s*)```java\\s*$");
    private static final Pattern MARKER = Pattern.compile("<!--\\s*snippet-(skip|context|java):(.*?)-->", Pattern.DOTALL);
    private static final Pattern TYPE_DECLARATION = Pattern.compile(
            "^(@\\w+(\\(.*\\))?\\s+)*(public\\s+|final\\s+|abstract\\s+)*(class|interface|record|enum)\\s+(\\w+)",
            Pattern.MULTILINE);
    /** A class of each jar a user compiles against: the library's and the Jakarta / MicroProfile APIs. */
    private static final List<String> COMPILE_AGAINST = List.of(
            "io.github.sentryjakarta.Traces", "io.github.sentryjakarta.cdi.SentrySpan",
            "io.github.sentryjakarta.jaxrs.SentryServerFilter", "io.github.sentryjakarta.jdbc.SentryDataSource",
            "io.github.sentryjakarta.config.SentryConfig",
            "jakarta.ws.rs.Path", "jakarta.enterprise.context.ApplicationScoped", "jakarta.inject.Inject",
            "jakarta.interceptor.Interceptor", "jakarta.annotation.Priority",
            "org.eclipse.microprofile.config.Config");
    private static final List<String> API_IMPORTS = List.of("java.util", "java.util.concurrent", "java.time",
            "jakarta.enterprise.context", "jakarta.inject", "jakarta.ws.rs");

    record Snippet(Path readme, int line, String code, String context, String skipReason, int javaVersion) {
        String label() {
            return ROOT.relativize(readme) + ":" + line;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyJavaSnippetOfTheReadmesCompilesAgainstExportedPackagesOnly() throws IOException {
        List<Path> classPath = COMPILE_AGAINST.stream().map(ReadmeSnippetsCompileTest::jarOf).distinct().toList();
        Set<String> exported = exportedPackages(classPath);
        assertThat(exported).contains("io.github.sentryjakarta", "io.github.sentryjakarta.integration");
        List<Snippet> snippets = new ArrayList<>();
        for (Path readme : readmes()) {
            snippets.addAll(snippetsOf(readme));
        }
        assertThat(snippets).as("java snippets in the READMEs").hasSizeGreaterThanOrEqualTo(4);
        assertThat(snippets.stream().filter(s -> s.skipReason() != null)).as("skipped snippets stay rare")
                .hasSizeLessThanOrEqualTo(1);
        return snippets.stream().filter(s -> s.skipReason() == null)
                .map(s -> DynamicTest.dynamicTest(s.label(), () -> {
                    assumeTrue(Runtime.version().feature() >= s.javaVersion(),
                            () -> "needs Java " + s.javaVersion() + " to compile");
                    assertCompiles(s, classPath, exported);
                }));
    }

    private static List<Path> readmes() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("README.md"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/node_modules/"))
                    .sorted().toList();
        }
    }

    static List<Snippet> snippetsOf(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme);
        List<Snippet> snippets = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE_OPEN.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int indent = open.group(1).length();
            StringBuilder code = new StringBuilder();
            int j = i + 1;
            for (; j < lines.size() && !lines.get(j).trim().equals("```"); j++) {
                String line = lines.get(j);
                code.append(line.length() >= indent ? line.substring(indent) : line.trim()).append('\n');
            }
            StringBuilder context = new StringBuilder();
            String skip = null;
            int javaVersion = 17;
            Matcher marker = MARKER.matcher(linesBefore(lines, i));
            while (marker.find()) {
                String value = marker.group(2).trim();
                switch (marker.group(1)) {
                    case "skip" -> skip = value;
                    case "java" -> javaVersion = Integer.parseInt(value);
                    default -> context.append(value).append('\n');
                }
            }
            snippets.add(new Snippet(readme, i + 1, code.toString(), context.toString(), skip, javaVersion));
            i = j;
        }
        return snippets;
    }

    /** @return the lines right before {@code fence}, up to the blank line before them: where its markers stand */
    private static String linesBefore(List<String> lines, int fence) {
        int start = fence;
        while (start > 0 && !lines.get(start - 1).isBlank()) {
            start--;
        }
        return String.join("\n", lines.subList(start, fence));
    }

    private static void assertCompiles(Snippet snippet, List<Path> classPath, Set<String> exported)
            throws IOException {
        String code = snippet.code().replaceAll("(?m)^\\s*\\.\\.\\.\\s*$", "")
                .replace("{ ... }", "{ throw new UnsupportedOperationException(); }");
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : code.split("\n", -1)) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        exported.forEach(p -> imports.append("import ").append(p).append(".*;\n"));
        API_IMPORTS.forEach(p -> imports.append("import ").append(p).append(".*;\n"));
        Matcher type = TYPE_DECLARATION.matcher(body);
        String className;
        String source;
        if (type.find()) {
            className = type.group(5);
            source = imports + "\n" + body + "\n" + snippet.context() + "\n";
        } else {
            className = "ReadmeSnippet";
            source = imports + "\nclass ReadmeSnippet {\n" + snippet.context() + "\n"
                    + "void snippet() throws Exception {\n" + body + "}\n}\n";
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path out = Files.createTempDirectory("readme-snippet");
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
            files.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
            files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(out));
            JavaFileObject unit = new SimpleJavaFileObject(
                    Path.of(className + ".java").toUri(), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            };
            StringWriter output = new StringWriter();
            boolean compiled = javac.getTask(output, new ExportedOnly(files, exported), diagnostics,
                    List.of("-proc:none", "-Xlint:none"), null, List.of(unit)).call();
            String errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)
                    .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(null)).collect(Collectors.joining("\n"));
            assertThat(compiled).as("%s does not compile:\n%s\n--- as compiled:\n%s", snippet.label(), errors, source)
                    .isTrue();
        }
    }

    /** The class path as a user sees it: the library's packages that its module-info files do not export are hidden. */
    private static final class ExportedOnly extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final Set<String> exported;

        ExportedOnly(StandardJavaFileManager files, Set<String> exported) {
            super(files);
            this.exported = exported;
        }

        @Override
        public Iterable<JavaFileObject> list(Location location, String packageName, Set<JavaFileObject.Kind> kinds,
                boolean recurse) throws IOException {
            if (location == StandardLocation.CLASS_PATH && packageName.startsWith("io.github.sentryjakarta")
                    && !exported.contains(packageName)) {
                return List.of();
            }
            return super.list(location, packageName, kinds, recurse);
        }
    }

    private static Set<String> exportedPackages(Collection<Path> jars) {
        Set<String> exported = new TreeSet<>();
        for (Path jar : jars) {
            ModuleFinder.of(jar).findAll().stream().map(m -> m.descriptor())
                    .filter(d -> d.name().startsWith("io.github.sentryjakarta"))
                    .flatMap(d -> d.exports().stream()).filter(e -> !e.isQualified())
                    .map(ModuleDescriptor.Exports::source).forEach(exported::add);
        }
        return exported;
    }

    private static Path jarOf(String className) {
        try {
            return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new AssertionError("not on the test class path: " + className, e);
        }
    }
}
