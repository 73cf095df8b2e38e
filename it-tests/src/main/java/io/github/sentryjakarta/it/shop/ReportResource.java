package io.github.sentryjakarta.it.shop;

import io.sentry.Sentry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * An application that also uses the official Java SDK ({@code io.sentry:sentry}) and reports a handled error
 * through it during a request: the event must land in the request's trace.
 */
@ApplicationScoped
@Path("/report")
@Produces(MediaType.TEXT_PLAIN)
public class ReportResource {

    @GET
    public String report() {
        initialiseOnce();
        return Sentry.captureException(new IllegalStateException("reported through io.sentry")).toString();
    }

    private static synchronized void initialiseOnce() {
        if (!Sentry.isEnabled()) {
            Sentry.init(options -> {
                options.setDsn(System.getProperty("sentry.dsn"));
                options.setEnableUncaughtExceptionHandler(false);
                options.setEnableShutdownHook(false);
            });
        }
    }
}
