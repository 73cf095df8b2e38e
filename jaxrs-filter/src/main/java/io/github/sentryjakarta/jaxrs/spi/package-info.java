/**
 * The contract between the portable JAX-RS filters ({@code io.github.sentryjakarta.jaxrs}) and the runtime
 * adapters ({@code .jersey}, {@code .resteasy}, {@code .servlet}, {@code .quarkus}): the server request's span,
 * the caller's context of a client call, the client span's property, the request hook, and failure logging.
 * Both sides depend on this package, and it on neither, so no package cycle exists.
 *
 * <p>Not API: this package is not exported by the module; its types are public only for the adapter packages.
 */
package io.github.sentryjakarta.jaxrs.spi;
