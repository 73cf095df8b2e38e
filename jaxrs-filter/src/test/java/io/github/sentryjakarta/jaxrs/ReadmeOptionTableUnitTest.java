package io.github.sentryjakarta.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.config.SentryConfig;
import io.github.sentryjakarta.integration.Option;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is the option table: one row per option a config source can set, in the
 * order the config module reads them, with the declared default and description. Lives in this module since
 * it is the one that sees the library's options and every module's (the JAX-RS one). On a mismatch, paste
 * the expected rows printed by the failure into the README.
 */
class ReadmeOptionTableUnitTest {

    private static final String HEADER = "| key | default | meaning |";

    @Test
    void theReadmeConfigurationTableListsEveryOptionAsDeclared() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
        int header = readme.indexOf(HEADER);
        assertThat(header).as("the README's configuration table").isNotNegative();
        List<String> rows = readme.subList(header + 2, readme.size()).stream()
                .takeWhile(line -> line.startsWith("|")).toList();

        assertThat(rows).containsExactlyElementsOf(SentryConfig.options().stream().map(Option::markdownRow).toList());
    }
}
