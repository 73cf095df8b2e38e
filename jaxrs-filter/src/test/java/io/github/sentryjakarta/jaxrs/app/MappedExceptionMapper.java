package io.github.sentryjakarta.jaxrs.app;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

@Provider
public class MappedExceptionMapper implements ExceptionMapper<MappedException> {
    @Override
    public Response toResponse(MappedException exception) {
        return Response.status(409).entity("mapped").build();
    }
}
