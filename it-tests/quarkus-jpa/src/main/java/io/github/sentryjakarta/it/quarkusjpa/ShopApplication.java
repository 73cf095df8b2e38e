package io.github.sentryjakarta.it.quarkusjpa;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JAX-RS application: resources under {@code /api}, found by Quarkus's index. */
@ApplicationPath("/api")
public class ShopApplication extends Application {
}
