/**
 * What sentry-jakarta's integrations (JAX-RS filters, the CDI interceptor and lifecycle, the JDBC wrappers) and
 * plain-Java bootstraps build on: {@link io.github.sentryjakarta.integration.Instrumentation}, the options, and an
 * {@link io.github.sentryjakarta.integration.Installation} to install. Exported, but not an application API: it
 * may change while the version is 0.x.
 */
package io.github.sentryjakarta.integration;
