package io.github.sentryjakarta.cdi.testbeans;

import io.github.sentryjakarta.cdi.SentrySpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Stereotype;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A stereotype carrying the binding. */
@Stereotype
@ApplicationScoped
@SentrySpan(op = "stereotyped")
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TracedService {
}
