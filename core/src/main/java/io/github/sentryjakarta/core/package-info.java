/**
 * The engine behind the API: span model, sampling, propagation, and (in subpackages) the span buffer, the
 * envelope writer, the HTTP transport and the static lifecycle. Public types here serve the library's own
 * integration modules; they are not an API for applications and may change.
 */
package io.github.sentryjakarta.core;
