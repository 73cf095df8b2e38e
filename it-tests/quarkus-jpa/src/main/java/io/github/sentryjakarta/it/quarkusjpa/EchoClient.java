package io.github.sentryjakarta.it.quarkusjpa;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletionStage;

/**
 * A MicroProfile Rest Client interface (Quarkus REST client) for {@link ClientResource}'s echo, asynchronous. No
 * {@code @Path} on the interface, so no server takes it for a resource.
 */
public interface EchoClient {

    @GET
    @Path("/client/echo/{id}")
    @Produces(MediaType.TEXT_PLAIN)
    CompletionStage<String> echo(@PathParam("id") long id);
}
