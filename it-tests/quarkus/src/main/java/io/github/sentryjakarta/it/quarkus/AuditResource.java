package io.github.sentryjakarta.it.quarkus;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.Traces;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Makes a span that ends after its segment: {@code POST /api/audits} starts "deferred audit" as a child of its
 * request span without making it current, {@code DELETE /api/audits} (another request, another trace) ends it.
 * The span then waits in the span buffer for the flush interval; the tests set it very long, so only the
 * shutdown flush can deliver it.
 *
 * <p>{@link NonBlocking}: on Quarkus the request span is current only on the event loop thread that ran the
 * library's pre-matching filter, so the deferred span is a child of the request span only there.
 */
@ApplicationScoped
@Path("/audits")
@Produces(MediaType.TEXT_PLAIN)
public class AuditResource {

    private final AtomicReference<Span> pending = new AtomicReference<>();

    @POST
    @NonBlocking
    public String start() {
        Span span = Traces.spanBuilder("deferred audit").op("audit").active(false).start();
        Span previous = pending.getAndSet(span);
        if (previous != null) {
            previous.end();
        }
        return span.traceId() + " " + span.spanId();
    }

    @DELETE
    @NonBlocking
    public String finish() {
        Span span = pending.getAndSet(null);
        if (span == null) {
            return "none";
        }
        span.end();
        return span.traceId() + " " + span.spanId();
    }
}
