/**
 * Trace context carried to other threads: snapshots, and executors that apply them. Not exported.
 */
package io.github.sentryjakarta.internal.context;
