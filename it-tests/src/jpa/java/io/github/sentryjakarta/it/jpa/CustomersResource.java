package io.github.sentryjakarta.it.jpa;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** JAX-RS endpoints of the JPA test application, under the shop's {@code /api}. */
@RequestScoped
@Path("/customers")
@Produces(MediaType.TEXT_PLAIN)
public class CustomersResource {

    @Inject
    CustomerQueries queries;

    @GET
    @Path("/{id}/purchases")
    public String purchases(@PathParam("id") long id) {
        return queries.purchases(id);
    }

    @GET
    @Path("/report")
    public String report() {
        return queries.report();
    }

    @GET
    @Path("/broken")
    public String broken() {
        return String.valueOf(queries.broken());
    }
}
