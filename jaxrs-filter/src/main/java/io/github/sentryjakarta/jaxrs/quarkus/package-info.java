/**
 * The Quarkus REST adapter: a request hook that ends a span on RESTEasy Reactive's completion callback, reached
 * by reflection so that no Quarkus type is needed. Not API.
 */
package io.github.sentryjakarta.jaxrs.quarkus;
