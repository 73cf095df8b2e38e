package io.github.sentryjakarta.jaxrs.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;

/**
 * Adds {@link SentryServletFilter} to a servlet context. Only ever loaded by {@link ServletContextObserver}
 * once it has seen a servlet context, so that this class's servlet types are known to be visible.
 */
final class ServletFilterInstaller {

    /** The filter's name in the servlet context. */
    static final String FILTER_NAME = "SentryServletFilter";

    private ServletFilterInstaller() {
    }

    static void install(Object servletContext) {
        ServletContext context = (ServletContext) servletContext;
        FilterRegistration.Dynamic filter = context.addFilter(FILTER_NAME, SentryServletFilter.class);
        if (filter == null) {
            return; // already there (the application declared one of that name)
        }
        filter.setAsyncSupported(true);
        // Before the application's own filters, so that it also sees what they throw.
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }
}
