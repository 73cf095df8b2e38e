/**
 * The span model: spans and builders, the anchored clock of a segment, the finished-span snapshot, attributes,
 * the thread's current span and continued trace, and the shared state spans report to. Not exported.
 */
package io.github.sentryjakarta.internal.span;
