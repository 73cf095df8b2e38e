package io.github.sentryjakarta.cdi;

import static io.github.sentryjakarta.cdi.Received.attribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.Traces;
import io.github.sentryjakarta.cdi.testbeans.AsyncBean;
import io.github.sentryjakarta.cdi.testbeans.ClassLevelBean;
import io.github.sentryjakarta.cdi.testbeans.FailingBean;
import io.github.sentryjakarta.cdi.testbeans.InheritingBean;
import io.github.sentryjakarta.cdi.testbeans.InnerBean;
import io.github.sentryjakarta.cdi.testbeans.LeafBean;
import io.github.sentryjakarta.cdi.testbeans.MethodLevelBean;
import io.github.sentryjakarta.cdi.testbeans.OuterBean;
import io.github.sentryjakarta.cdi.testbeans.StereotypedBean;
import io.github.sentryjakarta.cdi.testbeans.TracerUser;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import jakarta.inject.Inject;
import io.github.sentryjakarta.testreceiver.ReceivedSpan;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @SentrySpan} on real Weld: a synthetic bean archive (discovery off) holding the test beans and the
 * library's beans (as the jar's {@code beans.xml} makes them found), with {@link SentryExtension}. Stream lifecycle, every span checked
 * in what the test receiver got.
 */
@EnableWeld
class SentrySpanInterceptorTest {

    static TestSentry sentry;
    static SentryReceiver receiver;

    @BeforeAll
    static void startReceiver() {
        sentry = new TestSentry();
        receiver = sentry.receiver();
        sentry.configure("sentry.trace-lifecycle", "stream");
    }

    @AfterAll
    static void stopReceiver() {
        sentry.close();
    }

    @BeforeEach
    void forgetEarlierTests() {
        receiver.reset();
    }

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld()
            .addBeanClasses(MethodLevelBean.class, ClassLevelBean.class, InheritingBean.class, StereotypedBean.class,
                    OuterBean.class, InnerBean.class, LeafBean.class, FailingBean.class, AsyncBean.class,
                    TracerUser.class)
            .addBeanClasses(LibraryBeans.CLASSES)
            .addExtension(new SentryExtension()))
            .build();

    @Inject MethodLevelBean methodLevel;
    @Inject ClassLevelBean classLevel;
    @Inject InheritingBean inheriting;
    @Inject StereotypedBean stereotyped;
    @Inject OuterBean outer;
    @Inject FailingBean failing;
    @Inject AsyncBean async;
    @Inject TracerUser tracerUser;

    /** Runs {@code body} inside a root span and returns the spans of that trace once its segment arrived. */
    private static List<ReceivedSpan> traced(Runnable body) {
        String traceId;
        try (Span root = Traces.startSpan("test root")) {
            traceId = root.traceId();
            body.run();
        }
        return Received.trace(receiver, traceId);
    }

    private static ReceivedSpan only(List<ReceivedSpan> spans, String name) {
        List<ReceivedSpan> found = spans.stream().filter(Received.named(name)).toList();
        assertThat(found).as("spans named %s in %s", name, spans).hasSize(1);
        return found.get(0);
    }

    @Test
    void methodLevelBindingNamesSpanAfterSimpleClassNameAndMethodWithFunctionOpAndCodeAttributes() {
        List<ReceivedSpan> spans = traced(() -> assertThat(methodLevel.work()).isEqualTo("worked"));

        ReceivedSpan span = only(spans, "MethodLevelBean.work");
        assertThat(attribute(span, "sentry.op")).contains("function");
        assertThat(attribute(span, "sentry.origin")).contains("auto.function.jakarta_cdi");
        assertThat(attribute(span, "code.function")).contains("work");
        assertThat(attribute(span, "code.namespace")).contains(MethodLevelBean.class.getName());
        assertThat(span.status()).isEqualTo("ok");
    }

    @Test
    void valueAndOpOfTheAnnotationNameTheSpan() {
        List<ReceivedSpan> spans = traced(methodLevel::named);

        ReceivedSpan span = only(spans, "load orders");
        assertThat(attribute(span, "sentry.op")).contains("db.query");
        assertThat(attribute(span, "code.function")).contains("named");
    }

    @Test
    void unannotatedMethodOfBeanWithMethodLevelBindingGetsNoSpan() {
        List<ReceivedSpan> spans = traced(() -> assertThat(methodLevel.untraced()).isEqualTo("untraced"));

        assertThat(spans).extracting(s -> s.name()).containsExactly("test root");
    }

    @Test
    void classLevelBindingTracesEveryBusinessMethodAndMethodLevelAnnotationWins() {
        List<ReceivedSpan> spans = traced(() -> {
            classLevel.first();
            classLevel.second();
            classLevel.third();
        });

        assertThat(attribute(only(spans, "ClassLevelBean.first"), "sentry.op")).contains("service");
        assertThat(attribute(only(spans, "ClassLevelBean.second"), "sentry.op")).contains("service");
        assertThat(attribute(only(spans, "overridden"), "sentry.op")).contains("special");
    }

    @Test
    void bindingInheritedFromSuperclassTracesSubclassBeanMethodsNamedAfterTheBeanClass() {
        List<ReceivedSpan> spans = traced(() -> {
            inheriting.inheritedMethod();
            inheriting.ownMethod();
        });

        ReceivedSpan inherited = only(spans, "InheritingBean.inheritedMethod");
        assertThat(attribute(inherited, "sentry.op")).contains("inherited");
        assertThat(attribute(inherited, "code.namespace")).contains(InheritingBean.class.getName());
        assertThat(attribute(only(spans, "InheritingBean.ownMethod"), "sentry.op")).contains("inherited");
    }

    @Test
    void stereotypeCarryingSentrySpanTracesItsBeans() {
        List<ReceivedSpan> spans = traced(stereotyped::viaStereotype);

        assertThat(attribute(only(spans, "StereotypedBean.viaStereotype"), "sentry.op")).contains("stereotyped");
    }

    @Test
    void nestedAnnotatedCallsFormParentChildChain() {
        assertThat(outer.outer()).isEqualTo("leaf");

        ReceivedSpan outerSpan = Received.span(receiver, "outer");
        List<ReceivedSpan> spans = Received.inTrace(receiver, outerSpan.traceId());
        ReceivedSpan middle = only(spans, "middle");
        ReceivedSpan leaf = only(spans, "leaf");
        assertThat(outerSpan.segment()).isTrue();
        assertThat(outerSpan.parentSpanId()).isNull();
        assertThat(middle.parentSpanId()).isEqualTo(outerSpan.spanId());
        assertThat(leaf.parentSpanId()).isEqualTo(middle.spanId());
        assertThat(spans).hasSize(3);
    }

    @Test
    void uncheckedExceptionRecordsErrorAndIsRethrownAsTheSameInstance() {
        IllegalStateException thrown = new IllegalStateException("boom");
        AtomicReference<Throwable> caught = new AtomicReference<>();

        List<ReceivedSpan> spans = traced(() -> {
            try {
                failing.failUnchecked(thrown);
            } catch (RuntimeException e) {
                caught.set(e);
            }
        });

        assertThat(caught.get()).isSameAs(thrown);
        ReceivedSpan span = only(spans, "FailingBean.failUnchecked");
        assertThat(span.status()).isEqualTo("error");
        assertThat(attribute(span, "error.type")).contains(IllegalStateException.class.getName());
    }

    /** Every span of a method starts from one shared set of attributes: what one call adds stays on its own span. */
    @Test
    void attributesOneCallAddsStayOnItsOwnSpanAndNotOnTheMethodsOtherSpans() {
        List<ReceivedSpan> spans = traced(() -> {
            for (RuntimeException e : new RuntimeException[] {new IllegalStateException(), null,
                    new IllegalArgumentException()}) {
                try {
                    failing.failIfGiven(e);
                } catch (RuntimeException expected) {
                    // recorded on the span
                }
            }
        });

        List<ReceivedSpan> calls = spans.stream().filter(Received.named("FailingBean.failIfGiven")).toList();
        assertThat(calls).extracting(call -> attribute(call, "error.type").orElse("none"))
                .containsExactlyInAnyOrder(IllegalStateException.class.getName(), "none",
                        IllegalArgumentException.class.getName());
        assertThat(calls).extracting(call -> call.status()).containsExactlyInAnyOrder("error", "ok", "error");
        for (ReceivedSpan call : calls) {
            assertThat(attribute(call, "code.function")).contains("failIfGiven");
            assertThat(attribute(call, "sentry.origin")).contains("auto.function.jakarta_cdi");
        }
    }

    @Test
    void checkedExceptionRecordsErrorAndIsRethrownAsTheSameInstance() {
        IOException thrown = new IOException("disk");

        assertThatThrownBy(() -> failing.failChecked(thrown)).isSameAs(thrown);

        assertThat(Received.span(receiver, "FailingBean.failChecked").status()).isEqualTo("error");
        assertThat(Traces.currentSpan()).isEmpty();
    }

    @Test
    void completableFutureCompletedOnAnotherThreadEndsTheSpanThenAndNothingStaysCurrentOnTheCaller()
            throws Exception {
        CompletableFuture<String> result = new CompletableFuture<>();
        AtomicReference<Span> inside = new AtomicReference<>();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<String> returned = async.later(result, inside);

            assertThat(returned).as("the dependent stage, completing after the span ended").isNotSameAs(result);
            assertThat(returned).isNotDone();
            assertThat(inside.get()).as("span current inside the method body").isNotNull();
            assertThat(Traces.currentSpan()).as("current span on the caller after return").isEmpty();
            assertThat(receiver.receivedSpans()).noneMatch(Received.named("async work"));

            other.submit(() -> result.complete("done")).get(10, TimeUnit.SECONDS);
            assertThat(returned.join()).isEqualTo("done");
        } finally {
            other.shutdown();
        }

        ReceivedSpan span = Received.span(receiver, "async work");
        assertThat(span.spanId()).isEqualTo(inside.get().spanId());
        assertThat(span.status()).isEqualTo("ok");
        assertThat(span.segment()).isTrue();
    }

    @Test
    void exceptionallyCompletedStageRecordsErrorWithTheUnwrappedCause() throws Exception {
        CompletableFuture<String> result = new CompletableFuture<>();
        IllegalArgumentException failure = new IllegalArgumentException("bad");
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            CompletionStage<String> returned = async.stage(result);
            assertThat(Traces.currentSpan()).isEmpty();

            other.submit(() -> result.completeExceptionally(new CompletionException(failure))).get(10, TimeUnit.SECONDS);

            assertThatThrownBy(() -> returned.toCompletableFuture().join()).hasCause(failure);
        } finally {
            other.shutdown();
        }

        ReceivedSpan span = Received.span(receiver, "async stage");
        assertThat(span.status()).isEqualTo("error");
        assertThat(attribute(span, "error.type")).contains(IllegalArgumentException.class.getName());
    }

    @Test
    void alreadyCompletedStageEndsTheSpanBeforeTheMethodReturns() {
        CompletableFuture<String> done = CompletableFuture.completedFuture("now");

        assertThat(async.later(done, new AtomicReference<>())).isSameAs(done);

        assertThat(Traces.currentSpan()).isEmpty();
        assertThat(Received.span(receiver, "async work").status()).isEqualTo("ok");
    }

    @Test
    void selfInvocationThroughThisIsNotIntercepted() {
        List<ReceivedSpan> spans = traced(() -> assertThat(methodLevel.callsItself()).isEqualTo("worked"));

        // callsItself() calls this.work(): only the call through the bean reference gets a span
        assertThat(spans).extracting(s -> s.name())
                .containsExactlyInAnyOrder("test root", "MethodLevelBean.callsItself");
    }

    @Test
    void interceptedSpanIsCurrentInsideTheMethodAndRestoredAfter() {
        try (Span root = Traces.startSpan("caller")) {
            Span inside = methodLevel.currentInside().orElseThrow();

            assertThat(inside.spanId()).isNotEqualTo(root.spanId());
            assertThat(inside.traceId()).isEqualTo(root.traceId());
            assertThat(Traces.currentSpan()).map(Span::spanId).contains(root.spanId());
        }
    }

    @Test
    void injectedTracerStartsChildrenOfTheInterceptedSpan() {
        tracerUser.withManualChild();

        ReceivedSpan intercepted = Received.span(receiver, "with manual child");
        List<ReceivedSpan> spans = Received.inTrace(receiver, intercepted.traceId());
        assertThat(only(spans, "manual child").parentSpanId()).isEqualTo(intercepted.spanId());
    }
}
