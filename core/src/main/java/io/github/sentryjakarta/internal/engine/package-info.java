/**
 * The engine behind {@link io.github.sentryjakarta.Tracer} and the integration SPI. {@code SentryRuntime} is a
 * thin front over small parts: {@code SpanFactory} (how a span starts, the state spans share),
 * {@code SpanEnds} (where an ending span goes), {@code ThreadTraceState} (what a thread carries),
 * {@code TracePropagation} (trace headers in and out) and {@code InstalledRuntime} (the process-wide slot);
 * {@code RuntimeAssembler} builds a runtime from options and {@code InstalledTracer} is what the API finds.
 * Nothing below imports this package. Not exported.
 */
package io.github.sentryjakarta.internal.engine;
