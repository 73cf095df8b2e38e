package io.github.sentryjakarta.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.CommonDataSource;

/**
 * Creates the database's own data source named by {@link SentryDataSource}'s {@code targetDataSourceClass} and
 * sets its bean properties by name (case-insensitive: {@code url} reaches {@code setURL} or {@code setUrl}),
 * converting the text to the setter's type. Runs once per data source, at its first connection.
 */
final class TargetFactory {

    private TargetFactory() {
    }

    static CommonDataSource create(String className, Map<String, String> properties, PrintWriter logWriter,
            int loginTimeout) throws SQLException {
        Object instance;
        try {
            instance = load(className).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new SQLException("Cannot create the target data source " + className + ": " + e, "08001", e);
        }
        if (!(instance instanceof CommonDataSource dataSource)) {
            throw new SQLException(className + " is not a javax.sql data source", "08001");
        }
        for (Map.Entry<String, String> property : properties.entrySet()) {
            if (property.getValue() != null) {
                set(dataSource, property.getKey(), property.getValue());
            }
        }
        if (logWriter != null) {
            dataSource.setLogWriter(logWriter);
        }
        if (loginTimeout != 0) {
            dataSource.setLoginTimeout(loginTimeout);
        }
        return dataSource;
    }

    private static Class<?> load(String className) throws ClassNotFoundException {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            try {
                return Class.forName(className, true, context);
            } catch (ClassNotFoundException notThere) {
                // try this library's loader next
            }
        }
        return Class.forName(className, true, TargetFactory.class.getClassLoader());
    }

    private static void set(Object target, String name, String value) throws SQLException {
        String setter = "set" + name;
        for (Method method : target.getClass().getMethods()) {
            if (method.getParameterCount() == 1 && method.getName().equalsIgnoreCase(setter)) {
                Object converted = convert(method.getParameterTypes()[0], value);
                if (converted != null) {
                    try {
                        method.invoke(target, converted);
                        return;
                    } catch (IllegalAccessException e) {
                        throw new SQLException("Cannot set " + name + " on " + target.getClass().getName(), "08001", e);
                    } catch (InvocationTargetException e) {
                        throw new SQLException("Setting " + name + " on " + target.getClass().getName() + " failed: "
                                + e.getCause(), "08001", e.getCause());
                    }
                }
            }
        }
        throw new SQLException(target.getClass().getName() + " has no property " + name
                + " of type String, int, long or boolean", "08001");
    }

    private static Object convert(Class<?> type, String value) throws SQLException {
        try {
            if (type == String.class) {
                return value;
            } else if (type == int.class || type == Integer.class) {
                return Integer.valueOf(value.trim());
            } else if (type == long.class || type == Long.class) {
                return Long.valueOf(value.trim());
            } else if (type == boolean.class || type == Boolean.class) {
                return Boolean.valueOf(value.trim());
            }
            return null;
        } catch (NumberFormatException e) {
            throw new SQLException("Not a number: '" + value + "' for a property of type " + type.getName(), "08001", e);
        }
    }
}
