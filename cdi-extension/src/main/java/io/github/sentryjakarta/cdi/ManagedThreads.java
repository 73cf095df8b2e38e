package io.github.sentryjakarta.cdi;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import java.util.concurrent.ThreadFactory;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Finds the server's default {@code ManagedThreadFactory} (Jakarta Concurrency), so that the library's
 * threads are managed by the server. Works without Jakarta Concurrency on the class path: the class that
 * names {@code ManagedThreadFactory} is only loaded after a check that the API is present.
 */
final class ManagedThreads {

    static final String JNDI_NAME = "java:comp/DefaultManagedThreadFactory";
    private static final String API_CLASS = "jakarta.enterprise.concurrent.ManagedThreadFactory";

    private ManagedThreads() {
    }

    /** @return the server's managed thread factory, or {@code null} for the library's own daemon threads */
    static ThreadFactory find() {
        try {
            Class.forName(API_CLASS, false, ManagedThreads.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        try {
            return Lookup.find();
        } catch (LinkageError e) {
            return null;
        }
    }

    /** Only loaded when Jakarta Concurrency is present. */
    private static final class Lookup {

        static ThreadFactory find() {
            try {
                Instance<ManagedThreadFactory> beans = CDI.current().select(ManagedThreadFactory.class);
                if (beans.isResolvable()) {
                    return beans.get();
                }
            } catch (RuntimeException e) {
                // no CDI access here, or no such bean: try JNDI
            }
            try {
                Object found = new InitialContext().lookup(JNDI_NAME);
                if (found instanceof ManagedThreadFactory factory) {
                    return factory;
                }
            } catch (NamingException | RuntimeException e) {
                // not on a Jakarta EE server (Weld SE, Quarkus): the library's own threads
            }
            return null;
        }
    }
}
