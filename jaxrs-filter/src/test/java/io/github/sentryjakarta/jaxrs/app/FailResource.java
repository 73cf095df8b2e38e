package io.github.sentryjakarta.jaxrs.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

@ApplicationScoped
@Path("/fail")
public class FailResource {

    @GET
    @Path("/mapped")
    public String mapped() {
        throw new MappedException();
    }

    /** No mapper: the exception skips response filters and reaches the container. */
    @GET
    @Path("/unmapped/{token}")
    public String unmapped(@PathParam("token") String token) {
        throw new IllegalStateException("unmapped " + token);
    }

    /** The client has gone when this returns. */
    @GET
    @Path("/slow/{token}")
    public String slow(@PathParam("token") String token) throws InterruptedException {
        Gates.gate(token).enterAndWait();
        return "late";
    }
}
