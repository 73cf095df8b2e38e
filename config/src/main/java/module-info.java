/**
 * Reads sentry-jakarta's options from MicroProfile Config, with the library's defaults as a config source.
 */
module io.github.sentryjakarta.config {
    requires transitive io.github.sentryjakarta.core;
    // microprofile-config-api declares no module name: this is the name Java derives from its jar
    requires static microprofile.config.api;

    exports io.github.sentryjakarta.config;

    // modules that declare their own options (the JAX-RS module) list an OptionTable service
    uses io.github.sentryjakarta.integration.OptionTable;

    provides org.eclipse.microprofile.config.spi.ConfigSource
            with io.github.sentryjakarta.config.SentryDefaultsConfigSource;
}
