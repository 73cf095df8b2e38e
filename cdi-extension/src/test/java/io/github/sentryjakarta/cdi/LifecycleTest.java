package io.github.sentryjakarta.cdi;

import static io.github.sentryjakarta.cdi.Received.attribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.Traces;
import io.github.sentryjakarta.cdi.testbeans.CountingThreadFactory;
import io.github.sentryjakarta.cdi.testbeans.EventHookBean;
import io.github.sentryjakarta.cdi.testbeans.FailingBean;
import io.github.sentryjakarta.cdi.testbeans.InnerBean;
import io.github.sentryjakarta.cdi.testbeans.LeafBean;
import io.github.sentryjakarta.cdi.testbeans.MethodLevelBean;
import io.github.sentryjakarta.cdi.testbeans.OuterBean;
import io.github.sentryjakarta.cdi.testbeans.SamplerBean;
import io.github.sentryjakarta.cdi.testbeans.SpanHookBean;
import io.github.sentryjakarta.integration.Installation;
import io.github.sentryjakarta.integration.Instrumentation;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import jakarta.enterprise.inject.spi.DeploymentException;
import io.github.sentryjakarta.testreceiver.ReceivedSpan;
import jakarta.json.JsonObject;
import java.util.List;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Start-up, configuration and shutdown on real Weld SE containers started and stopped by each test, against
 * the test receiver.
 */
class LifecycleTest {

    @RegisterExtension
    final TestSentry sentry = new TestSentry();
    private final SentryReceiver receiver = sentry.receiver();

    /** Asserts that deploying a bean archive with the library fails, with a message that names every part. */
    private static void assertDeploymentFailsNaming(String... parts) {
        assertThatThrownBy(() -> LibraryBeans.start(MethodLevelBean.class).close())
                .isInstanceOf(DeploymentException.class)
                .hasMessageContainingAll(parts);
    }

    @Test
    void streamLifecycleSendsInterceptedSpansAsSpanItems() {
        sentry.configure("sentry.trace-lifecycle", "stream");
        try (WeldContainer weld = LibraryBeans.start(OuterBean.class, InnerBean.class, LeafBean.class)) {
            weld.select(OuterBean.class).get().outer();

            ReceivedSpan outer = Received.span(receiver, "outer");
            assertThat(Received.inTrace(receiver, outer.traceId()))
                    .extracting(ReceivedSpan::name).containsExactlyInAnyOrder("outer", "middle", "leaf");
            assertThat(receiver.transactions()).isEmpty();
        }
    }

    @Test
    void staticLifecycleSendsOneTransactionWithTheNestedSpans() {
        sentry.configure("sentry.trace-lifecycle", "static");
        try (WeldContainer weld = LibraryBeans.start(OuterBean.class, InnerBean.class, LeafBean.class)) {
            weld.select(OuterBean.class).get().outer();

            assertThat(receiver.await(r -> !r.transactions().isEmpty(), Received.TIMEOUT)).isTrue();
            JsonObject transaction = receiver.transactions().get(0);
            assertThat(transaction.getString("transaction")).isEqualTo("outer");
            JsonObject trace = transaction.getJsonObject("contexts").getJsonObject("trace");
            assertThat(trace.getString("origin")).isEqualTo("auto.function.jakarta_cdi");
            assertThat(trace.getString("op")).isEqualTo("function");
            List<JsonObject> spans = transaction.getJsonArray("spans").getValuesAs(JsonObject.class);
            JsonObject middle = spans.stream().filter(s -> "middle".equals(s.getString("description"))).findFirst()
                    .orElseThrow();
            JsonObject leaf = spans.stream().filter(s -> "leaf".equals(s.getString("description"))).findFirst()
                    .orElseThrow();
            assertThat(middle.getString("parent_span_id")).isEqualTo(trace.getString("span_id"));
            assertThat(leaf.getString("parent_span_id")).isEqualTo(middle.getString("span_id"));
            assertThat(receiver.spans()).isEmpty();
        }
    }

    @Test
    void sampleRateOutOfRangeFailsDeploymentWithMessageNamingKeyValueAndAllowedRange() {
        sentry.configure("sentry.traces-sample-rate", "2");

        assertDeploymentFailsNaming("sentry.traces-sample-rate", "'2", "0.0 to 1.0");
        assertThat(Instrumentation.installed().isActive()).isFalse();
    }

    @Test
    void unknownTraceLifecycleFailsDeploymentNamingBothValues() {
        sentry.configure("sentry.trace-lifecycle", "streaming");

        assertDeploymentFailsNaming("sentry.trace-lifecycle", "stream or static");
    }

    @Test
    void containerShutdownFlushesSpansStillBuffered() {
        sentry.configure("sentry.trace-lifecycle", "stream", "sentry.span-buffer.flush-interval-millis", "600000");
        Span root;
        try (WeldContainer weld = LibraryBeans.start(MethodLevelBean.class)) {
            root = Traces.startSpan("still open at shutdown");
            weld.select(MethodLevelBean.class).get().work();
        }
        // close() has flushed: the finished child is there without waiting
        assertThat(receiver.receivedSpans()).extracting(ReceivedSpan::name).contains("MethodLevelBean.work");
        root.end();
    }

    @Test
    void withoutDsnTheInterceptorPassesCallsThroughAndNothingIsSent() {
        sentry.configure("sentry.dsn", null);
        try (WeldContainer weld = LibraryBeans.start(MethodLevelBean.class, FailingBean.class)) {
            MethodLevelBean bean = weld.select(MethodLevelBean.class).get();
            IllegalStateException thrown = new IllegalStateException();

            assertThat(bean.work()).isEqualTo("worked");
            assertThat(bean.currentInside()).isEmpty();
            assertThatThrownBy(() -> weld.select(FailingBean.class).get().failUnchecked(thrown)).isSameAs(thrown);
            assertThat(Instrumentation.installed().isActive()).isFalse();
        }
        assertThat(receiver.requestCount()).isZero();
    }

    @Test
    void aBeforeSendEventBeanIsPickedUpAndItsDropsAreCounted() {
        sentry.configure("sentry.trace-lifecycle", "stream");
        try (WeldContainer weld = LibraryBeans.start(EventHookBean.class)) {
            SentryLifecycle lifecycle = weld.select(SentryLifecycle.class).get();
            assertThat(lifecycle.runtime().options().beforeSendEvent()).isPresent();
            Traces.captureException(new IllegalStateException("drop me"));
            Traces.captureException(new IllegalStateException("keep me"));
            lifecycle.flush(Received.TIMEOUT);

            assertThat(receiver.await(r -> r.events().size() == 1 && r.discarded("before_send", "error") == 1,
                    Received.TIMEOUT)).as("events %s", receiver.events()).isTrue();
            assertThat(receiver.events().get(0).getJsonObject("tags").getString("hooked")).isEqualTo("yes");
        }
    }

    @Test
    void tracesSamplerAndBeforeSendSpanBeansArePickedUp() {
        sentry.configure("sentry.trace-lifecycle", "stream", "sentry.traces-sample-rate", null);
        try (WeldContainer weld = LibraryBeans.start(MethodLevelBean.class, SamplerBean.class, SpanHookBean.class)) {
            Installation runtime = weld.select(SentryLifecycle.class).get().runtime();
            assertThat(runtime.options().tracesSampler()).isPresent();
            assertThat(runtime.options().beforeSendSpan()).isPresent();
            MethodLevelBean bean = weld.select(MethodLevelBean.class).get();
            Span dropped = Traces.startSpan("drop this");
            bean.work();
            dropped.end();
            Span kept = Traces.startSpan("rename me");
            bean.work();
            kept.end();

            ReceivedSpan renamed = Received.span(receiver, "renamed");
            List<ReceivedSpan> spans = Received.inTrace(receiver, renamed.traceId());
            assertThat(spans).hasSize(2).allSatisfy(s -> assertThat(attribute(s, "hooked")).contains("yes"));
            weld.select(SentryLifecycle.class).get().flush(Received.TIMEOUT);
            assertThat(receiver.receivedSpans()).noneMatch(Received.named("drop this"));
        }
    }

    @Test
    void managedThreadFactoryBeanSuppliesTheLibraryThreads() {
        sentry.configure("sentry.trace-lifecycle", "stream");
        try (WeldContainer weld = LibraryBeans.start(MethodLevelBean.class, CountingThreadFactory.class)) {
            Installation runtime = weld.select(SentryLifecycle.class).get().runtime();

            assertThat(runtime.options().threadFactory()).get().isInstanceOf(CountingThreadFactory.class);
            weld.select(MethodLevelBean.class).get().work();
            Received.span(receiver, "MethodLevelBean.work");
            assertThat(CountingThreadFactory.CREATED.get()).isPositive();
        }
    }

    @Test
    void withDefaultDiscoveryTheBeanArchiveRegistersTheLibraryOnce() {
        sentry.configure("sentry.trace-lifecycle", "stream");
        // The library jar (target/classes) is a bean archive, its beans' one registration (the extension adds none).
        try (WeldContainer weld = new Weld().addBeanClasses(MethodLevelBean.class).initialize()) {
            assertThat(weld.select(io.github.sentryjakarta.Tracer.class).isResolvable()).isTrue();
            assertThat(weld.select(SentryLifecycle.class).isResolvable()).isTrue();
            weld.select(MethodLevelBean.class).get().work();

            ReceivedSpan span = Received.span(receiver, "MethodLevelBean.work");
            assertThat(Received.inTrace(receiver, span.traceId())).hasSize(1);
        }
    }

    @Test
    void onCdiLiteTheBeanArchiveAloneMakesTheInterceptorWork() {
        sentry.configure("sentry.trace-lifecycle", "stream");
        // No portable extension (discovery off loads none): the lifecycle bean starts from the Startup event, as on
        // Quarkus, where the jar's beans.xml is what puts the library's beans into the build-time index.
        try (WeldContainer weld = new Weld().disableDiscovery().addBeanClasses(MethodLevelBean.class)
                .addBeanClasses(LibraryBeans.CLASSES).initialize()) {
            assertThat(Instrumentation.installed().isActive()).isTrue();
            weld.select(MethodLevelBean.class).get().work();

            Received.span(receiver, "MethodLevelBean.work");
        }
    }

    @Test
    void onCdiLiteAnInvalidValueFailsStartup() {
        sentry.configure("sentry.traces-sample-rate", "-1");

        assertThatThrownBy(() -> new Weld().disableDiscovery().addBeanClasses(MethodLevelBean.class)
                .addBeanClasses(LibraryBeans.CLASSES).initialize().close())
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("sentry.traces-sample-rate");
    }
}
