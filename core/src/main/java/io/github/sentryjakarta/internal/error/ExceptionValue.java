package io.github.sentryjakarta.internal.error;

import java.util.List;

/**
 * One exception of an event's chain, in Sentry's terms: {@code type} is the simple class name, {@code module}
 * its package, {@code value} its message.
 *
 * @param type the simple class name
 * @param module the package name, or {@code null}
 * @param value the message, or {@code null}
 * @param frames the stack frames, oldest (outermost caller) first, as Sentry orders them
 */
public record ExceptionValue(String type, String module, String value, List<Frame> frames) {

    /**
     * One stack frame.
     *
     * @param module the fully qualified class name
     * @param function the method name
     * @param filename the source file, or {@code null}
     * @param lineno the line, or 0 if unknown
     * @param inApp whether the class belongs to the application ({@code sentry.in-app-includes})
     * @param nativeMethod whether it is a native method
     */
    public record Frame(String module, String function, String filename, int lineno, boolean inApp,
            boolean nativeMethod) {
    }

    /** @return this exception with another message */
    ExceptionValue withValue(String newValue) {
        return new ExceptionValue(type, module, newValue, frames);
    }
}
