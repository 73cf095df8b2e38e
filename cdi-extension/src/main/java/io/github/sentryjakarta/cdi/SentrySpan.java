package io.github.sentryjakarta.cdi;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Traces every call of a CDI bean method as a span.
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class OrderService {
 *     @SentrySpan                                  // span "OrderService.load", sentry.op "function"
 *     public Order load(long id) { ... }
 *
 *     @SentrySpan(value = "price order", op = "pricing")
 *     public CompletionStage<Price> price(Order order) { ... }   // ends when the stage completes
 * }
 * }</pre>
 *
 * <p>On a method it traces that method; on a type (directly, inherited from a superclass, or carried by a
 * {@link jakarta.enterprise.inject.Stereotype @Stereotype}) it traces every business method of the bean. A
 * method-level annotation wins over the type-level one for the name and op.
 *
 * <p>The span is a child of the span current on the calling thread, or starts a new trace, and it is current
 * while the method runs, so nested traced calls form a parent/child chain. It carries {@code sentry.origin}
 * {@code auto.function.jakarta_cdi}, {@code code.function} (the method name) and {@code code.namespace}
 * (the bean class). An exception leaving the method sets the status {@code error} and is rethrown unchanged.
 * A method returning a {@link java.util.concurrent.CompletionStage} ends its span when the stage completes
 * ({@code error} on exceptional completion); the span is not current on the calling thread after the method
 * returns.
 *
 * <p>Like every CDI interceptor binding it applies only to calls through a bean reference (an injected
 * bean), not to a bean calling its own methods through {@code this}, and not to private methods. See
 * {@code io.github.sentryjakarta.cdi.SentrySpanInterceptor} for its priority.
 */
@Inherited
@InterceptorBinding
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface SentrySpan {

    /** @return the span name; empty (the default) for {@code SimpleClassName.methodName} */
    @Nonbinding
    String value() default "";

    /** @return the {@code sentry.op} attribute; empty (the default) for {@code function} */
    @Nonbinding
    String op() default "";
}
