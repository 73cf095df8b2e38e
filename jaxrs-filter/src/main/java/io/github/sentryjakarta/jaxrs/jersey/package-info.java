/**
 * The Jersey adapter (Payara, Jersey's own servers and client): registers the portable filters through Jersey's
 * {@code AutoDiscoverable}, ends spans that response filters miss ({@code FINISHED}, client calls without a
 * response), and captures an async client call's caller context. Loaded only by Jersey; not API.
 */
package io.github.sentryjakarta.jaxrs.jersey;
