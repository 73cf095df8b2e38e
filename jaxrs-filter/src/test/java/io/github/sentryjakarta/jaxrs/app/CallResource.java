package io.github.sentryjakarta.jaxrs.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
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
}
