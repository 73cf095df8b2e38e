package io.github.sentryjakarta.jaxrs.quarkus;

import io.github.sentryjakarta.jaxrs.spi.InstrumentationFailures;
import io.github.sentryjakarta.jaxrs.spi.RequestHook;
import io.github.sentryjakarta.jaxrs.spi.RequestSpan;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.CompletionCallback;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Ends the server span when Quarkus REST (RESTEasy Reactive) completes a request, for the requests whose
 * response filters never run there: exceptions no mapper handles (answered by Vert.x's error handler) and
 * requests that match no resource. Its request context accepts a JAX-RS {@link CompletionCallback} for every
 * request, not only for {@code AsyncResponse}; reached by reflection, so the library needs no Quarkus types
 * and does nothing on other runtimes (a class-keyed lookup per request finds no such context there).
 *
 * <p>A {@link RequestHook}, listed in {@code META-INF/services/io.github.sentryjakarta.jaxrs.spi.RequestHook}.
 * Not API: public only for the {@code ServiceLoader}.
 */
public final class QuarkusRequestCompletion implements RequestHook {

    /** Per request-context class: the method returning RESTEasy Reactive's server request context, or null. */
    private static final ClassValue<Method> CONTEXT_GETTER = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                return type.getMethod("getServerRequestContext");
            } catch (NoSuchMethodException | RuntimeException e) {
                return null;
            }
        }
    };

    /** Created by the {@code ServiceLoader}. */
    public QuarkusRequestCompletion() {
    }

    /** Registers the completion callback if this is a RESTEasy Reactive request; does nothing otherwise. */
    @Override
    public void requestStarted(ContainerRequestContext request, RequestSpan requestSpan) {
        Method getter = CONTEXT_GETTER.get(request.getClass());
        if (getter == null) {
            return;
        }
        try {
            Object context = getter.invoke(request);
            Method register = context.getClass().getMethod("registerCompletionCallback", CompletionCallback.class);
            register.invoke(context, (CompletionCallback) failure -> requestSpan.end(status(context, failure), failure));
        } catch (ReflectiveOperationException | RuntimeException e) {
            InstrumentationFailures.log("watch a Quarkus request's completion", e);
        }
    }

    private static int status(Object context, Throwable failure) {
        if (failure instanceof WebApplicationException web && web.getResponse() != null) {
            return web.getResponse().getStatus();
        }
        if (failure != null) {
            return 500;
        }
        try {
            Object response = invokePublic(context, "serverResponse");
            Object status = response == null ? null : invokePublic(response, "getStatusCode");
            return status instanceof Integer code ? code : 0;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Calls a no-argument method through a public type that declares it: the runtime's implementation classes
     * are often not public, so their own {@code Method} objects cannot be invoked.
     */
    private static Object invokePublic(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            Method method = publicMethod(type, name);
            if (method != null) {
                return method.invoke(target);
            }
        }
        throw new NoSuchMethodException(name);
    }

    private static Method publicMethod(Class<?> type, String name) {
        if (Modifier.isPublic(type.getModifiers())) {
            try {
                return type.getMethod(name);
            } catch (NoSuchMethodException e) {
                // not here: try its interfaces
            }
        }
        for (Class<?> contract : type.getInterfaces()) {
            Method method = publicMethod(contract, name);
            if (method != null) {
                return method;
            }
        }
        return null;
    }
}
