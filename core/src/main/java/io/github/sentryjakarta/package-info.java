/**
 * The API of sentry-jakarta: {@link io.github.sentryjakarta.Traces} (static) and
 * {@link io.github.sentryjakarta.Tracer} (injectable) create {@link io.github.sentryjakarta.Span}s and propagate
 * traces. Configuration comes from MicroProfile Config ({@code sentry.*} keys).
 */
package io.github.sentryjakarta;
