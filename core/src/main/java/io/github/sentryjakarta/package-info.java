/**
 * The API of sentry-jakarta: {@link io.github.sentryjakarta.Traces} creates {@link io.github.sentryjakarta.Span}s
 * and propagates traces. Configuration comes from MicroProfile Config ({@code sentry.*} keys).
 */
package io.github.sentryjakarta;
