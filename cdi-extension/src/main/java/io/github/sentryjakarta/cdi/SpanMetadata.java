package io.github.sentryjakarta.cdi;

import io.github.sentryjakarta.integration.Instrumentation;
import io.github.sentryjakarta.integration.SharedAttributes;
import jakarta.enterprise.inject.Stereotype;
import jakarta.interceptor.InvocationContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What the interceptor puts on the span of one bean method: its name and its start attributes ({@code sentry.op},
 * {@code sentry.origin}, {@code code.function}, {@code code.namespace}). Worked out once per (target class,
 * method) from the annotations and cached; the attributes are one instance that every span of the method shares
 * (a span copies them only if it writes its own), so a call does no reflection and builds no attributes.
 */
record SpanMetadata(String name, SharedAttributes attributes) {

    static final String DEFAULT_OP = "function";

    /** Context data keys under which containers publish the interceptor bindings of a call. */
    private static final String[] BINDINGS_KEYS = {
        "org.jboss.weld.interceptor.bindings", // Weld: WeldInvocationContext.INTERCEPTOR_BINDINGS_KEY
        "io.quarkus.arc.interceptorBindings", // ArC: ArcInvocationContext.KEY_INTERCEPTOR_BINDINGS
    };

    private static final ClassValue<ConcurrentMap<Method, SpanMetadata>> CACHE = new ClassValue<>() {
        @Override
        protected ConcurrentMap<Method, SpanMetadata> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    static SpanMetadata of(InvocationContext ctx) {
        Object target = ctx.getTarget();
        Method method = ctx.getMethod();
        Class<?> targetClass = target == null ? method.getDeclaringClass() : target.getClass();
        ConcurrentMap<Method, SpanMetadata> perClass = CACHE.get(targetClass);
        SpanMetadata meta = perClass.get(method);
        if (meta == null) {
            meta = compute(ctx, targetClass, method);
            perClass.putIfAbsent(method, meta);
        }
        return meta;
    }

    private static SpanMetadata compute(InvocationContext ctx, Class<?> targetClass, Method method) {
        Class<?> beanClass = userClass(targetClass);
        SentrySpan binding = find(method, beanClass);
        if (binding == null) {
            binding = fromContainer(ctx);
        }
        String value = binding == null ? "" : binding.value();
        String op = binding == null ? "" : binding.op();
        String name = value.isEmpty() ? beanClass.getSimpleName() + "." + method.getName() : value;
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("sentry.op", op.isEmpty() ? DEFAULT_OP : op);
        attributes.put("sentry.origin", SentrySpanInterceptor.ORIGIN);
        attributes.put("code.function", method.getName());
        attributes.put("code.namespace", beanClass.getName());
        return new SpanMetadata(name, Instrumentation.installed().share(attributes));
    }

    /** The application's class behind a container subclass or proxy (Weld, ArC, OpenWebBeans). */
    static Class<?> userClass(Class<?> type) {
        Class<?> c = type;
        while (c.getSuperclass() != null && c.getSuperclass() != Object.class && isContainerGenerated(c)) {
            c = c.getSuperclass();
        }
        return c;
    }

    private static boolean isContainerGenerated(Class<?> c) {
        if (c.isSynthetic()) {
            return true;
        }
        String name = c.getName();
        if (name.contains("$Proxy$") || name.contains("$$") || name.endsWith("_Subclass")
                || name.endsWith("_ClientProxy")) {
            return true;
        }
        for (Class<?> i : c.getInterfaces()) {
            String n = i.getName();
            if (n.equals("org.jboss.weld.proxy.WeldConstruct") || n.equals("org.jboss.weld.bean.proxy.ProxyObject")
                    || n.equals("io.quarkus.arc.Subclass") || n.startsWith("org.apache.webbeans.proxy.")) {
                return true;
            }
        }
        return false;
    }

    /** Method first, then the class (inherited through {@code @Inherited}), then stereotypes of the class. */
    static SentrySpan find(Method method, Class<?> beanClass) {
        SentrySpan onMethod = method.getAnnotation(SentrySpan.class);
        if (onMethod != null) {
            return onMethod;
        }
        for (Class<?> c = beanClass; c != null && c != Object.class; c = c.getSuperclass()) {
            SentrySpan onType = c.getAnnotation(SentrySpan.class);
            if (onType != null) {
                return onType;
            }
            SentrySpan viaStereotype = fromStereotypes(c.getAnnotations(), new HashSet<>());
            if (viaStereotype != null) {
                return viaStereotype;
            }
        }
        return null;
    }

    private static SentrySpan fromStereotypes(Annotation[] annotations, Set<Class<?>> seen) {
        for (Annotation a : annotations) {
            Class<? extends Annotation> type = a.annotationType();
            if (type.isAnnotationPresent(Stereotype.class) && seen.add(type)) {
                SentrySpan direct = type.getAnnotation(SentrySpan.class);
                if (direct != null) {
                    return direct;
                }
                SentrySpan nested = fromStereotypes(type.getAnnotations(), seen);
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }

    /** Bindings added by an extension rather than written in the code: ask the container. */
    private static SentrySpan fromContainer(InvocationContext ctx) {
        try {
            for (String key : BINDINGS_KEYS) {
                Object bindings = ctx.getContextData().get(key);
                if (bindings instanceof Collection<?> all) {
                    for (Object b : all) {
                        if (b instanceof SentrySpan span) {
                            return span;
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            // context data not available: the defaults apply
        }
        return null;
    }
}
