/**
 * What travels with a trace: ids, the trace's context and sampling decision, the dynamic sampling context, and the
 * {@code sentry-trace}, {@code traceparent} and {@code baggage} headers. Not exported.
 */
package io.github.sentryjakarta.internal.propagation;
