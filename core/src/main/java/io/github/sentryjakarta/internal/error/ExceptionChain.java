package io.github.sentryjakarta.internal.error;

import io.github.sentryjakarta.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Turns a {@link Throwable} and its causes into an event's exception values: root cause first and the thrown
 * exception last, as Sentry orders them, each with its frames oldest first. Bounded: at most
 * {@value #MAX_EXCEPTIONS} exceptions (a cycle of causes ends the chain) and the {@value #MAX_FRAMES} innermost
 * frames of each; messages keep at most {@value Span#MAX_STRING_LENGTH} characters.
 */
final class ExceptionChain {

    static final int MAX_EXCEPTIONS = 10;
    static final int MAX_FRAMES = 100;

    private final List<String> inAppIncludes;

    /** @param inAppIncludes package prefixes ({@code sentry.in-app-includes}) whose frames are the application's */
    ExceptionChain(List<String> inAppIncludes) {
        this.inAppIncludes = List.copyOf(inAppIncludes);
    }

    /** @return the chain of {@code throwable}, root cause first */
    List<ExceptionValue> of(Throwable throwable) {
        List<ExceptionValue> values = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = throwable; t != null && values.size() < MAX_EXCEPTIONS && seen.add(t); t = t.getCause()) {
            values.add(value(t));
        }
        Collections.reverse(values);
        return values;
    }

    private ExceptionValue value(Throwable t) {
        Class<?> type = t.getClass();
        String name = type.getName();
        int dot = name.lastIndexOf('.');
        String simple = type.getSimpleName().isEmpty() ? name.substring(dot + 1) : type.getSimpleName();
        String message = t.getMessage();
        if (message != null && message.length() > Span.MAX_STRING_LENGTH) {
            message = message.substring(0, Span.MAX_STRING_LENGTH);
        }
        return new ExceptionValue(simple, dot < 0 ? null : name.substring(0, dot), message, frames(t.getStackTrace()));
    }

    private List<ExceptionValue.Frame> frames(StackTraceElement[] trace) {
        int count = Math.min(trace.length, MAX_FRAMES);
        List<ExceptionValue.Frame> frames = new ArrayList<>(count);
        for (int i = count - 1; i >= 0; i--) {
            StackTraceElement element = trace[i];
            frames.add(new ExceptionValue.Frame(element.getClassName(), element.getMethodName(), element.getFileName(),
                    Math.max(element.getLineNumber(), 0), inApp(element.getClassName()), element.isNativeMethod()));
        }
        return frames;
    }

    boolean inApp(String className) {
        for (String prefix : inAppIncludes) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
