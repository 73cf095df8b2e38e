/**
 * The HTTP transport: bounded requests in flight, rate limits, back-off, gzip, Spotlight and the outbox. Not
 * exported.
 */
package io.github.sentryjakarta.internal.transport;
