package io.github.sentryjakarta.integration;

import java.util.List;

/**
 * A module's own options, declared by the module that reads them (the JAX-RS module's ignored paths, say)
 * rather than by core. Listed in {@code META-INF/services/io.github.sentryjakarta.integration.OptionTable}, so the
 * config module reads them with the library's own ({@link CoreOptions}) and the README's table shows them.
 */
public interface OptionTable {

    /** @return the module's options, in the order of the README's table */
    List<Option<?>> options();
}
