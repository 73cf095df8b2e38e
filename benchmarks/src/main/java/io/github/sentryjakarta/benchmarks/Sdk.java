package io.github.sentryjakarta.benchmarks;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.internal.engine.RuntimeAssembler;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.internal.outcome.DataCategory;
import io.github.sentryjakarta.internal.outcome.DiscardReason;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.sentry.ITransaction;
import io.sentry.Sentry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One SDK under test by {@link DeliveryBenchmark} and {@link TraceCostBenchmark}: it starts against a DSN, makes
 * traces of the shape a busy server's requests have (a server span and seven children), and closes. The SDKs:
 * sentry-jakarta in either lifecycle and {@code io.sentry:sentry}, at sample rate 1.0, and (given an OTLP endpoint
 * instead of a DSN) the OpenTelemetry SDK with its batch span processor and OTLP/HTTP exporter, as configured by
 * default.
 */
interface Sdk {

    int SPANS_PER_TRACE = 8;
    Duration SHUTDOWN = Duration.ofSeconds(2);

    String name();

    /** @param dsn where to send: a Sentry DSN, or for OpenTelemetry the OTLP/HTTP traces endpoint */
    void start(String dsn);

    void trace();

    void close();

    /** @return spans the SDK counted as dropped (client reports), or -1 when it does not say */
    long counted();

    /** Starts {@code traces} traces at {@code rate} per second from the calling thread, catching up when late. */
    default void pace(int rate, int traces) {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        for (int i = 0; i < traces; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            trace();
        }
    }

    static Sdk ours(TraceLifecycle lifecycle) {
        return new Sdk() {
            private SentryRuntime runtime;

            @Override
            public String name() {
                return "sentry-jakarta " + lifecycle.configValue();
            }

            @Override
            public void start(String dsn) {
                runtime = RuntimeAssembler.start(SentryOptions.builder().dsn(dsn).serverName("bench")
                        .traceLifecycle(lifecycle).tracesSampleRate(1.0).shutdownTimeout(SHUTDOWN).build());
            }

            @Override
            public void trace() {
                Span root = runtime.spanBuilder("GET /orders/{id}").noParent().active(false).op("http.server").start();
                for (int i = 1; i < SPANS_PER_TRACE; i++) {
                    runtime.spanBuilder("step").parent(root).active(false).op("function").start().end();
                }
                root.end();
            }

            @Override
            public void close() {
                runtime.close(SHUTDOWN);
            }

            @Override
            public long counted() {
                long total = 0;
                for (DiscardReason reason : DiscardReason.values()) {
                    total += runtime.clientReports().total(reason, DataCategory.SPAN);
                }
                return total;
            }
        };
    }

    static Sdk sentryJava() {
        return new Sdk() {
            @Override
            public String name() {
                return "io.sentry:sentry " + io.sentry.BuildConfig.VERSION_NAME;
            }

            @Override
            public void start(String dsn) {
                Sentry.init(options -> {
                    options.setDsn(dsn);
                    options.setTracesSampleRate(1.0);
                    options.setServerName("bench");
                    options.setShutdownTimeoutMillis(SHUTDOWN.toMillis());
                    options.setFlushTimeoutMillis(SHUTDOWN.toMillis());
                    options.setSendClientReports(false);
                });
            }

            @Override
            public void trace() {
                ITransaction transaction = Sentry.startTransaction("GET /orders/{id}", "http.server");
                for (int i = 1; i < SPANS_PER_TRACE; i++) {
                    transaction.startChild("function", "step").finish();
                }
                transaction.finish();
            }

            @Override
            public void close() {
                Sentry.close();
            }

            @Override
            public long counted() {
                return -1;
            }
        };
    }

    static Sdk openTelemetry() {
        return new Sdk() {
            private SdkTracerProvider provider;
            private Tracer tracer;

            @Override
            public String name() {
                String version = Resource.getDefault().getAttribute(AttributeKey.stringKey("telemetry.sdk.version"));
                return "OpenTelemetry SDK " + version + ", OTLP/HTTP";
            }

            @Override
            public void start(String endpoint) {
                provider = SdkTracerProvider.builder().addSpanProcessor(BatchSpanProcessor.builder(
                        OtlpHttpSpanExporter.builder().setEndpoint(endpoint).build()).build()).build();
                tracer = provider.get("bench");
            }

            @Override
            public void trace() {
                io.opentelemetry.api.trace.Span root =
                        tracer.spanBuilder("GET /orders/{id}").setSpanKind(SpanKind.SERVER).startSpan();
                try (Scope scope = root.makeCurrent()) {
                    for (int i = 1; i < SPANS_PER_TRACE; i++) {
                        tracer.spanBuilder("step").startSpan().end();
                    }
                }
                root.end();
            }

            @Override
            public void close() {
                provider.shutdown().join(SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS);
            }

            @Override
            public long counted() {
                return -1;
            }
        };
    }
}
