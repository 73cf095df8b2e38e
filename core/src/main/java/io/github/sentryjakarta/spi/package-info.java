/**
 * What applications plug into sentry-jakarta: sampling decisions, and span and error event processing before
 * sending.
 */
package io.github.sentryjakarta.spi;
