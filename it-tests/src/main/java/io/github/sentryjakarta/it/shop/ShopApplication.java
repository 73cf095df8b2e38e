package io.github.sentryjakarta.it.shop;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The JAX-RS application. It lists no classes: the server scans the WAR for resources and providers, so the
 * library's filters must be found in {@code WEB-INF/lib} by the server itself, as a user would deploy it.
 */
@ApplicationPath("/api")
public class ShopApplication extends Application {
}
