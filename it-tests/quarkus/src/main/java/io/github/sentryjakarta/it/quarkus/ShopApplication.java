package io.github.sentryjakarta.it.quarkus;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JAX-RS application under {@code /api}. It lists no classes: Quarkus REST finds resources and the library's filters itself. */
@ApplicationPath("/api")
public class ShopApplication extends Application {
}
