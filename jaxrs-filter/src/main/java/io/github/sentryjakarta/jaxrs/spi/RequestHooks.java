package io.github.sentryjakarta.jaxrs.spi;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The {@link RequestHook}s of this jar's runtime adapters, loaded once through the {@code ServiceLoader} of the
 * library's own class loader (never per request, and independent of the thread's context class loader).
 */
public final class RequestHooks {

    private static final RequestHook[] HOOKS = load();

    private RequestHooks() {
    }

    /** Tells every hook that a request's span has started. */
    public static void started(ContainerRequestContext request, RequestSpan requestSpan) {
        for (RequestHook hook : HOOKS) {
            try {
                hook.requestStarted(request, requestSpan);
            } catch (RuntimeException e) {
                InstrumentationFailures.log("run a runtime adapter's request hook", e);
            }
        }
    }

    private static RequestHook[] load() {
        List<RequestHook> hooks = new ArrayList<>();
        try {
            ServiceLoader.load(RequestHook.class, RequestHooks.class.getClassLoader()).forEach(hooks::add);
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            InstrumentationFailures.log("load the runtime adapters' request hooks", e);
        }
        return hooks.toArray(RequestHook[]::new);
    }
}
