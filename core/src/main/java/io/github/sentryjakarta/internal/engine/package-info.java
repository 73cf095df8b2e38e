/**
 * The engine behind {@link io.github.sentryjakarta.Tracer} and the integration SPI: the runtime of one
 * configuration, how it is assembled from options, and the installed tracer the API finds. Not exported.
 */
package io.github.sentryjakarta.internal.engine;
