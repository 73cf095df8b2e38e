package io.github.sentryjakarta.it.quarkusjpa;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * Asynchronous calls of the Quarkus REST client back to this application, with no Sentry code: a MicroProfile Rest
 * Client method returning {@code CompletionStage}, returned as the resource's result (so the resource runs on the
 * event loop), and Jakarta REST client {@code .rx()} and {@code .async()} calls from a blocking resource. The
 * callee ({@code echo}) must join the caller's trace under the client span.
 */
@Path("/client")
@Produces(MediaType.TEXT_PLAIN)
public class ClientResource {

    private static final long WAIT_SECONDS = 20;

    @Context
    UriInfo uriInfo;

    @GET
    @Path("/echo/{id}")
    public String echo(@PathParam("id") long id) {
        return "echo " + id;
    }

    @GET
    @Path("/restclient/{id}")
    public CompletionStage<String> restClient(@PathParam("id") long id) {
        EchoClient echo = RestClientBuilder.newBuilder().baseUri(uriInfo.getBaseUri()).build(EchoClient.class);
        return echo.echo(id).whenComplete((result, failure) -> close(echo));
    }

    @GET
    @Path("/async/{id}")
    @Blocking
    public String asyncClient(@PathParam("id") long id) throws Exception {
        Client client = ClientBuilder.newClient();
        try {
            WebTarget echo = client.target(uriInfo.getBaseUri()).path("client/echo").path(String.valueOf(id));
            CompletableFuture<String> viaRx = echo.request().rx().get(String.class).toCompletableFuture();
            String viaAsync = echo.request().async().get(String.class).get(WAIT_SECONDS, TimeUnit.SECONDS);
            return viaAsync + " | " + viaRx.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
    }

    private static void close(Object client) {
        try {
            ((AutoCloseable) client).close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
