package io.github.sentryjakarta.it;

import java.util.List;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Known library bug, reproduced on demand ({@code -Dit.known-bugs=true}): Open Liberty with the features of
 * SERVERS.md and no {@code servlet-6.0}. {@code restfulWS-3.1} runs on the servlet container but does not expose
 * the servlet API to applications, so the {@code SentryServletFilter} that the library declares in its
 * {@code META-INF/web-fragment.xml} cannot be loaded ({@code SRVE0321E}, {@code NoClassDefFoundError:
 * jakarta/servlet/Filter}) and Liberty then answers every request of the application with 500
 * ({@code SRVE0315E}): adding the library breaks the whole application. Every test here fails until the library
 * stops declaring a filter the application cannot load (or documents {@code servlet-6.0} as required).
 */
@EnabledIfSystemProperty(named = "it.known-bugs", matches = "true")
class OpenLibertyRestOnlyIT extends OpenLibertyIT {

    @Override
    String serverName() {
        return "openliberty-rest-only";
    }

    @Override
    List<String> features() {
        return List.of("cdi-4.0", "restfulWS-3.1", "restfulWSClient-3.1", "mpConfig-3.1", "jsonb-3.0", "jsonp-2.1",
                "concurrent-3.0");
    }
}
