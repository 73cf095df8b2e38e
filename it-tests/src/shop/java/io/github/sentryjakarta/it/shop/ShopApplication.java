package io.github.sentryjakarta.it.shop;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The JAX-RS application of the shop, in {@code shop.war} and in the Quarkus application alike. It lists no
 * classes: the server (or Quarkus REST at build time) finds resources and providers itself, so the library's
 * filters must be found in its jar, as a user would deploy it.
 */
@ApplicationPath("/api")
public class ShopApplication extends Application {
}
