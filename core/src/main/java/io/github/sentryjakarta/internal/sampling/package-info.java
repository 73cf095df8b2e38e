/**
 * The sampling decision of a new trace: the configured rate or the application's sampler. Not exported.
 */
package io.github.sentryjakarta.internal.sampling;
