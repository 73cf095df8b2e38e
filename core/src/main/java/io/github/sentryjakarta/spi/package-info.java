/**
 * What applications plug into sentry-jakarta: sampling decisions and span processing before sending.
 */
package io.github.sentryjakarta.spi;
