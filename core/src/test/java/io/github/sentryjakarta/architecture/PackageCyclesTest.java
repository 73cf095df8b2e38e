package io.github.sentryjakarta.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No two packages of the library's main sources depend on each other, directly or through others: each
 * package can be read, and changed, knowing only the packages below it. A dependency is any use of a type of
 * another package of the project in code (an import, a static import, a fully qualified name); comments and
 * strings do not count. All modules' {@code src/main/java} trees are read, so a cycle across jars shows too.
 */
class PackageCyclesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern COMMENT_OR_STRING = Pattern.compile(
            "/\\*.*?\\*/|//[^\\n]*|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])+'", Pattern.DOTALL);
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** A qualified name of the project's: its package is the lowercase part before the first capitalised name. */
    private static final Pattern PROJECT_TYPE = Pattern.compile("\\b(io\\.github\\.sentryjakarta(?:\\.[a-z_][a-z0-9_]*)*)\\.[A-Z]");

    @Test
    void noPackageOfTheMainSourcesDependsOnItself() throws IOException {
        Map<String, Map<String, Path>> dependencies = dependencies(mainSources());
        assertThat(dependencies).as("packages read").containsKeys("io.github.sentryjakarta",
                "io.github.sentryjakarta.internal.engine", "io.github.sentryjakarta.internal.span");

        List<Set<String>> cycles = stronglyConnected(dependencies).stream().filter(c -> c.size() > 1).toList();

        assertThat(cycles).as(() -> "packages that depend on each other:\n" + describe(cycles, dependencies)).isEmpty();
    }

    @Test
    void aCycleIsFound() {
        Map<String, Map<String, Path>> graph = Map.of("a", Map.of("b", Path.of("A.java")),
                "b", Map.of("c", Path.of("B.java")), "c", Map.of("a", Path.of("C.java")), "d", Map.of("a", Path.of("D.java")));

        assertThat(stronglyConnected(graph)).filteredOn(c -> c.size() > 1).containsExactly(Set.of("a", "b", "c"));
    }

    private static List<Path> mainSources() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("module-info.java"))
                    .filter(p -> p.toString().contains("/src/main/java/") && !p.toString().contains("/target/"))
                    .toList();
        }
    }

    /** @return package → the project packages it uses → a file that uses it */
    private static Map<String, Map<String, Path>> dependencies(List<Path> sources) {
        Map<String, Map<String, Path>> dependencies = new TreeMap<>();
        for (Path source : sources) {
            String code = COMMENT_OR_STRING.matcher(read(source)).replaceAll(" ");
            Matcher declared = PACKAGE.matcher(code);
            if (!declared.find()) {
                continue;
            }
            String from = declared.group(1);
            Map<String, Path> uses = dependencies.computeIfAbsent(from, p -> new TreeMap<>());
            Matcher used = PROJECT_TYPE.matcher(code.substring(declared.end()));
            while (used.find()) {
                if (!used.group(1).equals(from)) {
                    uses.putIfAbsent(used.group(1), ROOT.relativize(source));
                }
            }
        }
        return dependencies;
    }

    /** Tarjan's algorithm: the sets of packages that all reach each other. */
    static List<Set<String>> stronglyConnected(Map<String, Map<String, Path>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> components = new ArrayList<>();
        for (String start : new TreeSet<>(graph.keySet())) {
            if (!index.containsKey(start)) {
                visit(start, graph, index, low, stack, onStack, components);
            }
        }
        return components;
    }

    private static void visit(String node, Map<String, Map<String, Path>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> components) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Map.of()).keySet()) {
            if (!index.containsKey(next)) {
                visit(next, graph, index, low, stack, onStack, components);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            components.add(component);
        }
    }

    private static String describe(List<Set<String>> cycles, Map<String, Map<String, Path>> dependencies) {
        return cycles.stream().flatMap(cycle -> cycle.stream().flatMap(from -> dependencies.get(from).entrySet()
                .stream().filter(use -> cycle.contains(use.getKey()))
                .map(use -> "  " + from + " -> " + use.getKey() + " (e.g. " + use.getValue() + ")")))
                .collect(Collectors.joining("\n"));
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
