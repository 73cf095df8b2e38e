/**
 * The stream lifecycle's span buffer: finished spans batched per trace and flushed in bounded envelopes. Not
 * exported.
 */
package io.github.sentryjakarta.internal.buffer;
