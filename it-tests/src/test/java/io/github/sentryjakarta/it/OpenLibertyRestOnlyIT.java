package io.github.sentryjakarta.it;

import java.util.List;

/**
 * Open Liberty with the features of SERVERS.md and no {@code servlet-6.0}: {@code restfulWS-3.1} runs on the
 * servlet container but hides the servlet API from applications. The library must work there too. (It once
 * declared its servlet filter in a {@code web-fragment.xml}; Liberty could not load it and answered every request
 * with 500. The filter is now added through CDI only where the servlet API is visible.)
 */
class OpenLibertyRestOnlyIT extends OpenLibertyIT {

    @Override
    String serverName() {
        return "openliberty-rest-only";
    }

    @Override
    List<String> features() {
        return List.of("cdi-4.0", "restfulWS-3.1", "restfulWSClient-3.1", "mpConfig-3.1", "jsonb-3.0", "jsonp-2.1",
                "concurrent-3.0", "mpRestClient-4.0", "enterpriseBeansLite-4.0");
    }

    /** Without the servlet API nothing is attempted, so nothing is logged. */
    @Override
    List<String> knownLibraryLogLines() {
        return List.of();
    }
}
