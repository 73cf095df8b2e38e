/**
 * The RESTEasy adapter: a {@code ThreadContext} that carries the trace into RESTEasy's contextual executors,
 * registered by the application's own services file on plain RESTEasy (see the README). Not API.
 */
package io.github.sentryjakarta.jaxrs.resteasy;
