package io.github.sentryjakarta.integration;

/**
 * Start attributes an integration prepares once for every span of one instrumented site (an intercepted
 * method, a resource method) and passes to {@link Instrumentation#startSpan(String, SharedAttributes)}. A span
 * copies them only before its own first write, so starting a span from them builds and boxes nothing, whether
 * the span records or not. Obtained from {@link Instrumentation#share}; never changes afterwards.
 */
public interface SharedAttributes {
}
