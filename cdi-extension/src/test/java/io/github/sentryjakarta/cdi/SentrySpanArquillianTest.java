package io.github.sentryjakarta.cdi;

import static io.github.sentryjakarta.cdi.Received.attribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sentryjakarta.Tracer;
import io.github.sentryjakarta.Traces;
import io.github.sentryjakarta.cdi.testbeans.FailingBean;
import io.github.sentryjakarta.cdi.testbeans.InnerBean;
import io.github.sentryjakarta.cdi.testbeans.LeafBean;
import io.github.sentryjakarta.cdi.testbeans.OuterBean;
import io.github.sentryjakarta.testreceiver.ReceivedSpan;
import io.github.sentryjakarta.testreceiver.SentryReceiver;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The library in an application deployed by Arquillian to the embedded Weld container: the deployment holds
 * the application's beans and the library's bean classes, the library's extension and code come from the class
 * path as a jar's would from {@code WEB-INF/lib}.
 */
@ExtendWith(ArquillianExtension.class)
class SentrySpanArquillianTest {

    static final SentryReceiver RECEIVER = SentryReceiver.start();
    static final Map<String, String> CONFIG = Map.of(
            "sentry.dsn", RECEIVER.dsn(),
            "sentry.trace-lifecycle", "stream",
            "sentry.traces-sample-rate", "1.0");

    static {
        // Set before the deployment, which Arquillian makes before any @BeforeAll of this class. System
        // properties, since the deployment reads MicroProfile Config through its own class loader.
        CONFIG.forEach(System::setProperty);
    }

    @Deployment
    static JavaArchive application() {
        return ShrinkWrap.create(JavaArchive.class, "app.jar")
                .addClasses(OuterBean.class, InnerBean.class, LeafBean.class, FailingBean.class)
                // The embedded container deploys this archive only (it scans no class-path bean archives, though
                // it runs the class path's extensions): the library's beans join it, as the jar's beans.xml makes
                // them found in WEB-INF/lib.
                .addClasses(LibraryBeans.CLASSES)
                .addAsManifestResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    @AfterAll
    static void stopReceiver() {
        CONFIG.keySet().forEach(System::clearProperty);
        RECEIVER.close();
    }

    @Inject
    OuterBean outer;

    @Inject
    FailingBean failing;

    @Inject
    Tracer tracer;

    @Test
    void nestedAnnotatedCallsReachTheReceiverAsParentChildChain() {
        assertThat(outer.outer()).isEqualTo("leaf");

        ReceivedSpan outerSpan = Received.span(RECEIVER, "outer");
        List<ReceivedSpan> spans = Received.inTrace(RECEIVER, outerSpan.traceId());
        ReceivedSpan middle = spans.stream().filter(Received.named("middle")).findFirst().orElseThrow();
        ReceivedSpan leaf = spans.stream().filter(Received.named("leaf")).findFirst().orElseThrow();
        assertThat(middle.parentSpanId()).isEqualTo(outerSpan.spanId());
        assertThat(leaf.parentSpanId()).isEqualTo(middle.spanId());
        assertThat(attribute(leaf, "sentry.origin")).contains("auto.function.jakarta_cdi");
    }

    @Test
    void exceptionIsRethrownUnchangedAndRecordedAsError() {
        IllegalStateException thrown = new IllegalStateException("arquillian");

        assertThatThrownBy(() -> failing.failUnchecked(thrown)).isSameAs(thrown);

        assertThat(Received.span(RECEIVER, "FailingBean.failUnchecked").status()).isEqualTo("error");
    }

    @Test
    void tracerIsInjectableAndIsTheInstalledOne() {
        assertThat(tracer).isSameAs(Traces.tracer());
        assertThat(Traces.currentSpan()).isEmpty();
    }
}
