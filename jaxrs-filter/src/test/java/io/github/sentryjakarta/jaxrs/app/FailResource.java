package io.github.sentryjakarta.jaxrs.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

@ApplicationScoped
@Path("/fail")
public class FailResource {

    @Inject
    InvoiceService invoices;

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

    /** No mapper: the exception leaves a {@code @SentrySpan} bean method first. */
    @GET
    @Path("/bean/{token}")
    public String bean(@PathParam("token") String token) {
        return invoices.render(token);
    }

    /** A client error: the runtime maps it to 404, which is not the application's failure. */
    @GET
    @Path("/missing/{token}")
    public String missing(@PathParam("token") String token) {
        throw new jakarta.ws.rs.NotFoundException("no invoice " + token);
    }

    /** The client has gone when this returns. */
    @GET
    @Path("/slow/{token}")
    public String slow(@PathParam("token") String token) throws InterruptedException {
        Gates.gate(token).enterAndWait();
        return "late";
    }
}
