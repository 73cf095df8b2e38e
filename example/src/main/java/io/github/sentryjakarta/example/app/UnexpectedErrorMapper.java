package io.github.sentryjakarta.example.app;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Turns an unexpected exception into a plain 500, as most applications do. The request span still ends with
 * status {@code error} and {@code http.response.status_code = 500}; the spans the exception left are errors too.
 */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<RuntimeException> {

    @Override
    public Response toResponse(RuntimeException e) {
        if (e instanceof WebApplicationException web) {
            return web.getResponse(); // 404 and friends keep their status
        }
        return Response.serverError().type(MediaType.TEXT_PLAIN_TYPE).entity("internal error\n").build();
    }
}
