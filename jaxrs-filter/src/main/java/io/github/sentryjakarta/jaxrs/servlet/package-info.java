/**
 * The servlet adapter (WildFly, Open Liberty, Payara): a servlet filter that ends spans of requests failing past
 * the response filters and releases the container thread, installed by a CDI observer once a servlet context is
 * seen. Not API.
 */
package io.github.sentryjakarta.jaxrs.servlet;
