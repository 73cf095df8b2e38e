package io.github.sentryjakarta.it.shop;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.Traces;
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
 * <p>On Quarkus both methods are blocking (they run on a worker thread, after the library's pre-matching filter ran
 * on the event loop): the request span is current there too, so the deferred span is still its child.
 */
@ApplicationScoped
@Path("/audits")
@Produces(MediaType.TEXT_PLAIN)
public class AuditResource {

    private final AtomicReference<Span> pending = new AtomicReference<>();

    @POST
    public String start() {
        Span span = Traces.spanBuilder("deferred audit").op("audit").active(false).start();
        Span previous = pending.getAndSet(span);
        if (previous != null) {
            previous.end();
        }
        return span.traceId() + " " + span.spanId();
    }

    @DELETE
    public String finish() {
        Span span = pending.getAndSet(null);
        if (span == null) {
            return "none";
        }
        span.end();
        return span.traceId() + " " + span.spanId();
    }
}
