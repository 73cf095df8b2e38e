package io.github.sentryjakarta.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.testreceiver.ReceivedSpan;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A request is one server span: named after its route template, with the HTTP attributes, ended exactly once
 * however the request ends (mapped and unmapped exceptions, async responses, a client gone) on a worker thread
 * left clean, and shaped by the configuration (ignored paths, personal data).
 */
abstract class RequestSpanContract extends ServerHarness {

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void aRequestIsOneSegmentNamedAfterItsRouteWithTheHttpAttributes(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        String token = token();
        HttpResponse<String> response = get(url(a, "/orders/" + token));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("order " + token);

        ReceivedSpan span = awaitServerSpan(a.base() + "/orders/" + token);
        assertThat(span.name()).isEqualTo("GET " + a.base() + "/orders/{id}");
        assertThat(span.segment()).isTrue();
        assertThat(span.parentSpanId()).isNull();
        assertThat(span.status()).isEqualTo("ok");
        assertThat(span.attr("sentry.op")).isEqualTo("http.server");
        assertThat(span.attr("sentry.origin")).isEqualTo("auto.http.jakarta_rest.server");
        assertThat(span.attr("sentry.segment.name.source")).isEqualTo("route");
        assertThat(span.attr("http.request.method")).isEqualTo("GET");
        assertThat(span.attr("url.scheme")).isEqualTo("http");
        assertThat(span.attr("http.route")).isEqualTo(a.base() + "/orders/{id}");
        assertThat(span.attr("http.response.status_code")).isEqualTo(200L);
        assertThat(span.attr("server.address")).isEqualTo("127.0.0.1");
        assertThat(span.attr("server.port")).isEqualTo((long) URI.create(a.origin()).getPort());
        assertThat(span.attributes()).doesNotContainKeys("url.query", "client.address", "user_agent.original");
        assertWorkerClean(a, span.traceId());
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void classLevelPathsAndSubResourceLocatorsNameTheRouteTemplate(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        String token = token();
        assertThat(get(url(a, "/orders")).statusCode()).isEqualTo(200);
        HttpResponse<String> item = get(url(a, "/orders/" + token + "/items/7"));
        assertThat(item.body()).isEqualTo("order " + token + " item 7");

        assertThat(awaitServerSpan(a.base() + "/orders").name()).isEqualTo("GET " + a.base() + "/orders");
        ReceivedSpan located = awaitServerSpan(a.base() + "/orders/" + token + "/items/7");
        assertThat(located.name()).isEqualTo("GET " + a.base() + "/orders/{id}/items/{itemId}");
        assertThat(located.attr("http.route")).isEqualTo(a.base() + "/orders/{id}/items/{itemId}");
        assertThat(located.name()).doesNotContain(token);
        assertWorkerClean(a, located.traceId());
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void aRouteWorkedOutOnceNamesLaterRequestsToTheSameMethodAndNotThoseThroughALocator(TraceLifecycle lifecycle)
            throws Exception {
        configure(lifecycle);
        String first = token();
        String second = token();
        assertThat(get(url(a, "/orders/" + first)).statusCode()).isEqualTo(200);
        assertThat(get(url(a, "/orders/" + second)).statusCode()).isEqualTo(200);
        // A method reached through a sub-resource locator takes the general path, never a cached root name.
        assertThat(get(url(a, "/orders/" + first + "/items/7")).statusCode()).isEqualTo(200);
        assertThat(get(url(a, "/orders")).statusCode()).isEqualTo(200);

        assertThat(awaitServerSpan(a.base() + "/orders/" + first).name()).isEqualTo("GET " + a.base() + "/orders/{id}");
        ReceivedSpan again = awaitServerSpan(a.base() + "/orders/" + second);
        assertThat(again.name()).isEqualTo("GET " + a.base() + "/orders/{id}");
        assertThat(again.attr("http.route")).isEqualTo(a.base() + "/orders/{id}");
        assertThat(awaitServerSpan(a.base() + "/orders/" + first + "/items/7").name())
                .isEqualTo("GET " + a.base() + "/orders/{id}/items/{itemId}");
        assertThat(awaitServerSpan(a.base() + "/orders").name()).isEqualTo("GET " + a.base() + "/orders");
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void anUnmatchedRequestGetsALowCardinalityName(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        String token = token();
        ReceivedSpan span = served("/no/such/" + token, 404);
        assertThat(span.name()).isEqualTo("GET " + a.base() + "/*");
        assertThat(span.attributes()).doesNotContainKey("http.route");
        assertThat(span.attr("http.response.status_code")).isEqualTo(404L);
        assertThat(span.status()).isEqualTo("error");
        assertThat(span.attr("sentry.status.message")).isEqualTo("not_found");
        assertThat(span.attr("sentry.segment.name.source")).isEqualTo("route");
        if (lifecycle == TraceLifecycle.STATIC) {
            JsonObject transaction = transactionOf(span);
            assertThat(transaction.getJsonObject("contexts").getJsonObject("trace").getString("status"))
                    .isEqualTo("not_found");
            assertThat(transaction.getJsonObject("contexts").getJsonObject("response").getInt("status_code"))
                    .isEqualTo(404);
            JsonObject request = transaction.getJsonObject("request");
            assertThat(request.getString("method")).isEqualTo("GET");
            assertThat(request.getString("url")).isEqualTo(a.origin() + a.base() + "/no/such/" + token);
            assertThat(request.containsKey("query_string")).isFalse();
        }
        assertWorkerClean(a, span.traceId());
    }


    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void aMappedExceptionEndsTheSpanWithTheMappedStatus(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        HttpResponse<String> response = get(url(a, "/fail/mapped"));
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).isEqualTo("mapped");

        ReceivedSpan span = awaitRoute("/fail/mapped", "/fail/mapped");
        assertThat(span.attr("http.response.status_code")).isEqualTo(409L);
        assertThat(span.status()).isEqualTo("error");
        assertEndedOnceOnACleanWorker(span);
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void anUnmappedExceptionThatSkipsResponseFiltersStillEndsTheSpan(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        String token = token();
        ReceivedSpan span = served("/fail/unmapped/" + token, 500);
        assertThat(span.name()).isEqualTo("GET " + a.base() + "/fail/unmapped/{token}");
        assertThat(span.attr("http.response.status_code")).isEqualTo(500L);
        assertThat(span.status()).isEqualTo("error");
        // Only the runtime hooks (not a response filter) know the exception: proves which path ended it.
        assertThat(span.attr("error.type")).isEqualTo(IllegalStateException.class.getName());
        assertEndedOnceOnACleanWorker(span);
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void anAsyncResponseResumedOnAnotherThreadEndsTheSpanAndFreesTheWorker(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        String token = token();
        Held held = hold("/async/suspend/" + token, token);

        assertThat(held.gate().response.resume("resumed")).isTrue();
        HttpResponse<String> response = held.response().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("resumed");

        ReceivedSpan span = awaitRoute("/async/suspend/" + token, "/async/suspend/{token}");
        assertThat(span.attr("http.response.status_code")).isEqualTo(200L);
        assertThat(span.status()).isEqualTo("ok");
        assertThat(held.probeWhileHeld()).doesNotContain(span.traceId());
        assertEndedOnceOnACleanWorker(span);
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void aCompletionStageEndsTheSpanWhenItCompletes(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        String token = token();
        Held held = hold("/async/stage/" + token, token);
        assertThat(receiver.spans()).isEmpty(); // not ended while the stage is incomplete

        CompletableFuture.runAsync(() -> held.gate().stage.complete("completed")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        HttpResponse<String> response = held.response().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(response.body()).isEqualTo("completed");

        ReceivedSpan span = awaitRoute("/async/stage/" + token, "/async/stage/{token}");
        assertThat(span.attr("http.response.status_code")).isEqualTo(200L);
        assertThat(held.probeWhileHeld()).doesNotContain(span.traceId());
        assertEndedOnceOnACleanWorker(span);
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void anAsyncResponseResumedInsideTheMethodEndsTheSpan(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        HttpResponse<String> response = get(url(a, "/async/inline"));
        assertThat(response.body()).isEqualTo("inline");

        ReceivedSpan span = awaitRoute("/async/inline", "/async/inline");
        assertThat(span.attr("http.response.status_code")).isEqualTo(200L);
        assertEndedOnceOnACleanWorker(span);
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void aClientThatDisconnectsBeforeTheResponseStillEndsTheSpan(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        String token = token();
        disconnectWhileHeld("/fail/slow/" + token, token).release();

        assertEndedOnceOnACleanWorker(awaitRoute("/fail/slow/" + token, "/fail/slow/{token}"));
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void anAsyncRequestWhoseClientDisconnectedEndsTheSpanWhenResumed(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle);
        String token = token();
        disconnectWhileHeld("/async/suspend/" + token, token).response.resume("nobody listens");

        assertEndedOnceOnACleanWorker(awaitRoute("/async/suspend/" + token, "/async/suspend/{token}"));
    }


    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void ignoredPathsGetNoSpan(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle, options -> options.set(JaxrsOptions.IGNORE_PATHS,
                List.of("/orders/ignored-.*", a.base() + "/orders/full-.*")));
        String token = token();
        assertThat(get(url(a, "/orders/ignored-" + token)).statusCode()).isEqualTo(200);
        assertThat(get(url(a, "/orders/full-" + token)).statusCode()).isEqualTo(200);
        assertThat(get(url(a, "/orders/kept-" + token)).statusCode()).isEqualTo(200);

        ReceivedSpan kept = awaitServerSpan(a.base() + "/orders/kept-" + token);
        assertThat(all()).extracting(r -> String.valueOf(r.attr("url.path")))
                .noneMatch(path -> path.contains("ignored-") || path.contains("full-"));
        assertWorkerClean(a, kept.traceId());
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void withoutPiiNoQueryUserAgentOrClientAddress(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle, options -> options.sendDefaultPii(false));
        ReceivedSpan span = getWithPersonalData(token());
        assertThat(span.attributes()).doesNotContainKeys("url.query", "client.address", "user_agent.original");
        assertThat(span.attributes().values()).noneMatch(v -> String.valueOf(v).contains("s3cr3t"));
        assertWorkerClean(a, span.traceId());
    }

    @ParameterizedTest
    @EnumSource(TraceLifecycle.class)
    void withPiiTheQueryUserAgentAndClientAddressAreRecorded(TraceLifecycle lifecycle) throws Exception {
        configure(lifecycle, options -> options.sendDefaultPii(true));
        String token = token();
        ReceivedSpan span = getWithPersonalData(token);
        assertThat(span.attr("url.query")).isEqualTo("secret=s3cr3t");
        assertThat(span.attr("user_agent.original")).isEqualTo("probe-agent/1.0");
        assertThat(span.attr("client.address")).isEqualTo("203.0.113.7");
        get(url(a, "/orders/direct-" + token));
        ReceivedSpan direct = awaitServerSpan(a.base() + "/orders/direct-" + token);
        if (knowsPeerAddress()) {
            assertThat(direct.attr("client.address")).isEqualTo("127.0.0.1");
        } else {
            assertThat(direct.attributes()).doesNotContainKey("client.address");
        }
        assertWorkerClean(a, direct.traceId());
    }
}
