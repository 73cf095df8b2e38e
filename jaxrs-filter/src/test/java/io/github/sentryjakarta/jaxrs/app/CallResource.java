package io.github.sentryjakarta.jaxrs.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.client.WebTarget;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.Response;

/** Calls another service through the JAX-RS client, which the library instruments without user code. */
@ApplicationScoped
@Path("/call")
public class CallResource {

    @GET
    public String call(@QueryParam("url") String url) {
        Client client = ClientBuilder.newClient();
        try (Response response = client.target(url).request().get()) {
            return response.getStatus() + "\n" + response.readEntity(String.class);
        } catch (ProcessingException e) {
            return "failed: " + e.getClass().getSimpleName();
        } finally {
            client.close();
        }
    }

    /** The same call twice, with {@code .async()} and {@code .rx()}: the client filters run on the client's executor. */
    @GET
    @Path("/async")
    public String callAsync(@QueryParam("url") String url) throws Exception {
        Client client = ClientBuilder.newClient();
        try {
            WebTarget target = client.target(url);
            CompletableFuture<String> viaRx = target.request().rx().get(String.class).toCompletableFuture();
            String viaAsync = target.request().async().get(String.class).get(10, TimeUnit.SECONDS);
            return viaAsync + "\n" + viaRx.get(10, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
    }
}
