package io.github.sentryjakarta.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTemplatesUnitTest {

    @Test
    void templatesLoseTheirRegexesAndExtraSlashes() {
        assertThat(RouteTemplates.join(List.of("/orders/", "{id: [0-9]{1,3}}", "/items/{ itemId }/"))).isEqualTo("/orders/{id}/items/{itemId}");
        assertThat(RouteTemplates.join(List.of("/", ""))).isEqualTo("/");
        assertThat(RouteTemplates.withoutRegexes("a/{x:\\d+}-{y}")).isEqualTo("a/{x}-{y}");
        assertThat(RouteTemplates.withoutRegexes("broken/{x")).isEqualTo("broken/{x");
    }

    @Test
    void theClientSpanNameHasNoCredentialsQueryOrFragment() {
        assertThat(SentryClientFilter.withoutQuery(URI.create("https://user:secret@example.com:8443/a/b?token=1#f")))
                .isEqualTo("https://example.com:8443/a/b");
        assertThat(SentryClientFilter.withoutQuery(URI.create("http://[::1]/x"))).isEqualTo("http://[::1]/x");
    }

    @Test
    void theCallersOwnBaggageIsKeptAndItsSentryMembersReplaced() {
        assertThat(SentryClientFilter.mergeBaggage("sentry-trace_id=abc,vendor=1", "sentry-trace_id=old, mine=2,vendor=9,bad"))
                .isEqualTo("sentry-trace_id=abc,vendor=1,mine=2");
    }
}
