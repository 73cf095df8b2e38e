package io.github.sentryjakarta.jaxrs;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.UriInfo;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Rebuilds the route template of a matched request from the {@code @Path} annotations of the matched
 * resources, portably: the root class's {@code @Path}, the {@code @Path} of each sub-resource locator in the
 * chain ({@link UriInfo#getMatchedResources()}), and the resource method's {@code @Path}. Only annotation
 * values are used, never the request's path, so names never hold raw ids. Path parameters lose their regex:
 * {@code {id: [0-9]+}} becomes {@code {id}}.
 *
 * <p>Annotations are looked up through the class hierarchy and interfaces, which covers JAX-RS annotation
 * inheritance and CDI proxies (subclasses that do not repeat the annotations).
 */
final class RouteTemplates {

    /** Bounded by the application's resources in practice; the cap guards against generated classes. */
    private static final int MAX_CACHED = 4096;
    private static final ConcurrentMap<Key, String> CACHE = new ConcurrentHashMap<>();

    private RouteTemplates() {
    }

    /** @return whether the resource method answers asynchronously ({@code @Suspended} or a stage) */
    static boolean isAsync(Method method) {
        if (CompletionStage.class.isAssignableFrom(method.getReturnType())) {
            return true;
        }
        for (Annotation[] annotations : method.getParameterAnnotations()) {
            for (Annotation annotation : annotations) {
                if (annotation.annotationType() == Suspended.class) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @return the template relative to the application, starting with "/", or {@code null} if the chain of
     *         matched resources cannot be explained by annotations (e.g. programmatic resources)
     */
    static String template(UriInfo uriInfo, Class<?> resourceClass, Method method) {
        List<Object> matched = uriInfo.getMatchedResources();
        List<Class<?>> chain = new ArrayList<>(matched.size() + 1);
        for (int i = matched.size() - 1; i >= 0; i--) { // the list holds the current resource first
            chain.add(matched.get(i).getClass());
        }
        if (chain.isEmpty() && resourceClass != null) {
            chain.add(resourceClass);
        }
        if (chain.isEmpty()) {
            return null;
        }
        Key key = new Key(method, List.copyOf(chain));
        String cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        boolean[] ambiguous = new boolean[1];
        String template = compute(chain, method, uriInfo, ambiguous);
        // A template chosen by looking at this request's URIs depends on the request: not cached.
        if (template != null && !ambiguous[0] && CACHE.size() < MAX_CACHED) {
            CACHE.put(key, template);
        }
        return template;
    }

    private static String compute(List<Class<?>> chain, Method method, UriInfo uriInfo, boolean[] ambiguous) {
        List<String> parts = new ArrayList<>();
        Path root = classPath(chain.get(0));
        if (root == null) {
            return null;
        }
        parts.add(root.value());
        for (int i = 1; i < chain.size(); i++) {
            Method locator = locator(chain.get(i - 1), chain.get(i), parts, uriInfo, ambiguous);
            if (locator == null) {
                return null;
            }
            parts.add(annotation(locator, Path.class).value());
        }
        Path methodPath = annotation(method, Path.class);
        if (methodPath != null) {
            parts.add(methodPath.value());
        }
        return join(parts);
    }

    /** Finds the sub-resource locator of {@code parent} that produced an instance of {@code child}. */
    private static Method locator(Class<?> parent, Class<?> child, List<String> parts, UriInfo uriInfo,
            boolean[] ambiguous) {
        List<Method> candidates = new ArrayList<>();
        for (Method m : parent.getMethods()) {
            if (m.isBridge() || m.isSynthetic() || Modifier.isStatic(m.getModifiers())
                    || annotation(m, Path.class) == null || hasHttpMethod(m)) {
                continue;
            }
            Class<?> returned = m.getReturnType();
            if (returned.isAssignableFrom(child) || returned == Class.class) {
                candidates.add(m);
            }
        }
        if (candidates.size() <= 1) {
            return candidates.isEmpty() ? null : candidates.get(0);
        }
        // Several locators could have produced the child: the right one is the one whose template matches
        // one of the URIs the runtime matched on the way.
        ambiguous[0] = true;
        List<String> matchedUris = uriInfo.getMatchedURIs(true);
        for (Method candidate : candidates) {
            List<String> attempt = new ArrayList<>(parts);
            attempt.add(annotation(candidate, Path.class).value());
            Pattern pattern = toRegex(join(attempt).substring(1));
            if (pattern == null) {
                continue;
            }
            for (String uri : matchedUris) {
                if (pattern.matcher(trimSlashes(uri)).matches()) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static Path classPath(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Path path = c.getAnnotation(Path.class);
            if (path != null) {
                return path;
            }
            for (Class<?> i : c.getInterfaces()) {
                path = i.getAnnotation(Path.class);
                if (path != null) {
                    return path;
                }
            }
        }
        return null;
    }

    /** The annotation on the method, or on the method it overrides or implements (JAX-RS inheritance, proxies). */
    private static <A extends Annotation> A annotation(Method method, Class<A> type) {
        A found = method.getAnnotation(type);
        if (found != null) {
            return found;
        }
        for (Class<?> c = method.getDeclaringClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            found = declared(c, method, type);
            if (found != null) {
                return found;
            }
            for (Class<?> i : c.getInterfaces()) {
                found = declared(i, method, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static <A extends Annotation> A declared(Class<?> owner, Method method, Class<A> type) {
        try {
            return owner.getDeclaredMethod(method.getName(), method.getParameterTypes()).getAnnotation(type);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static boolean hasHttpMethod(Method method) {
        for (Class<?> c = method.getDeclaringClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (hasHttpMethodOn(c, method)) {
                return true;
            }
            for (Class<?> i : c.getInterfaces()) {
                if (hasHttpMethodOn(i, method)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasHttpMethodOn(Class<?> owner, Method method) {
        try {
            for (Annotation a : owner.getDeclaredMethod(method.getName(), method.getParameterTypes()).getAnnotations()) {
                if (a.annotationType().isAnnotationPresent(HttpMethod.class)) {
                    return true;
                }
            }
        } catch (NoSuchMethodException e) {
            // not declared here
        }
        return false;
    }

    /** Joins templates with single slashes, without parameter regexes: "/a/{id}/b", or "/" for none. */
    static String join(List<String> parts) {
        StringBuilder route = new StringBuilder();
        for (String part : parts) {
            String trimmed = trimSlashes(withoutRegexes(part));
            if (!trimmed.isEmpty()) {
                route.append('/').append(trimmed);
            }
        }
        return route.length() == 0 ? "/" : route.toString();
    }

    private static String trimSlashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }

    /** {@code {id: [0-9]+}} becomes {@code {id}}; braces inside the regex are balanced by JAX-RS's grammar. */
    static String withoutRegexes(String template) {
        if (template.indexOf('{') < 0) {
            return template;
        }
        StringBuilder out = new StringBuilder(template.length());
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '{') {
                out.append(c);
                i++;
                continue;
            }
            int close = closingBrace(template, i);
            if (close < 0) {
                out.append(template, i, template.length());
                break;
            }
            String inside = template.substring(i + 1, close);
            int colon = inside.indexOf(':');
            out.append('{').append((colon < 0 ? inside : inside.substring(0, colon)).trim()).append('}');
            i = close + 1;
        }
        return out.toString();
    }

    private static int closingBrace(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '{') {
                depth++;
            } else if (s.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** @return the template as a regex over a decoded path, parameters matching one or more segments' chars */
    private static Pattern toRegex(String template) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                regex.append(Pattern.quote(template.substring(i)));
                break;
            }
            if (open > i) {
                regex.append(Pattern.quote(template.substring(i, open)));
            }
            int close = closingBrace(template, open);
            if (close < 0) {
                return null;
            }
            String inside = template.substring(open + 1, close);
            int colon = inside.indexOf(':');
            regex.append('(').append(colon < 0 ? "[^/]+" : inside.substring(colon + 1).trim()).append(')');
            i = close + 1;
        }
        try {
            return Pattern.compile(regex.toString());
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    private record Key(Method method, List<Class<?>> chain) {
    }
}
