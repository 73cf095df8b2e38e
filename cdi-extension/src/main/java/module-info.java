/**
 * sentry-jakarta's CDI integration: {@code @SentrySpan}, start-up and shutdown with the application, the injectable
 * {@code Tracer}, and the trace context carried by Jakarta Concurrency and MicroProfile Context Propagation.
 */
module io.github.sentryjakarta.cdi {
    requires transitive io.github.sentryjakarta.core;
    requires io.github.sentryjakarta.config;
    requires transitive jakarta.cdi;
    requires jakarta.inject;
    requires jakarta.interceptor;
    requires jakarta.annotation;
    requires java.naming;
    // MicroProfile's API jars declare no module names: these are the names Java derives from them
    requires static microprofile.config.api;
    requires static microprofile.context.propagation.api;
    requires static jakarta.concurrency;

    exports io.github.sentryjakarta.cdi;
    // CDI containers proxy and call the library's beans reflectively
    opens io.github.sentryjakarta.cdi;

    provides jakarta.enterprise.inject.spi.Extension with io.github.sentryjakarta.cdi.SentryExtension;
    provides jakarta.enterprise.concurrent.spi.ThreadContextProvider
            with io.github.sentryjakarta.cdi.ConcurrencyContextProvider;
    provides org.eclipse.microprofile.context.spi.ThreadContextProvider
            with io.github.sentryjakarta.cdi.PropagationContextProvider;
}
