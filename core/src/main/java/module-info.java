/**
 * sentry-jakarta's core: the API applications use ({@code io.github.sentryjakarta}), the plug-ins they may supply
 * ({@code .spi}), and what the library's integrations and plain-Java bootstraps build on ({@code .integration}).
 * The engine ({@code io.github.sentryjakarta.internal.*}) is not exported.
 */
module io.github.sentryjakarta.core {
    // io.sentry:sentry, linked to when the application has it; its jar declares no module name
    requires static sentry;

    exports io.github.sentryjakarta;
    exports io.github.sentryjakarta.spi;
    exports io.github.sentryjakarta.integration;

    uses io.github.sentryjakarta.Tracer;
    provides io.github.sentryjakarta.Tracer with io.github.sentryjakarta.internal.engine.InstalledTracer;
}
