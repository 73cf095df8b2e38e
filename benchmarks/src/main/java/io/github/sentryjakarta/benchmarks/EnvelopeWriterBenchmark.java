package io.github.sentryjakarta.benchmarks;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.internal.envelope.EnvelopeEncoder;
import io.github.sentryjakarta.internal.propagation.Dsc;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.internal.span.SpanData;
import io.github.sentryjakarta.testing.InMemorySpanProcessor;
import io.github.sentryjakarta.integration.TraceLifecycle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The sender's per-span cost, without HTTP and without a receiver in the same JVM: one trace of
 * {@code spans} ended spans (a segment and its children, each with ten attributes of mixed types) is
 * written into span envelopes by the transport's own {@code EnvelopeWriter} and then, depending on
 * {@code gzip}, compressed. Scores are per span ({@link OperationsPerInvocation}).
 *
 * <p>{@code EnvelopeWriter} and the transport's compressor are package-private in
 * {@code io.github.sentryjakarta.internal.transport}; they are reached by reflection (the benchmark jar runs on the
 * class path, so access checks can be suppressed). One reflective call per 1000 spans costs nothing measurable.
 *
 * <p>{@code gzip}: {@code none} (JSON only), {@code jdk} (what {@code HttpTransport} did before the sender was
 * made cheaper: a new {@code GZIPOutputStream} at the default level per envelope), {@code transport} (what
 * {@code HttpTransport} does now, {@code HttpTransport.Gzip}). The first two also run against older trees.
 *
 * <p>{@link #requestTrace}: the trace of one JAX-RS request as the end-to-end benchmark makes it (a server
 * segment and five {@code @SentrySpan} children), written by the encoder into its one envelope, the
 * encoding thread's work per request (with {@code gzip=transport} also the compression the transport does
 * on that thread). Scores are per envelope: small
 * traces pay the per-envelope costs (header, DSC, item assembly) that 1000 spans hide. Called directly, not
 * by reflection, so that {@code -prof gc} shows the encoder's own bytes per envelope.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EnvelopeWriterBenchmark {

    private static final String TRANSPORT = "io.github.sentryjakarta.internal.transport.";
    private static final String ENVELOPE = "io.github.sentryjakarta.internal.envelope.";
    private static final int SPANS = 1000;

    @State(Scope.Thread)
    public static class Writer {

        @Param({"none", "jdk", "jdk-fast", "transport"})
        public String gzip;

        /**
         * {@code false}: attribute values are the same {@code String} instances span after span, as literals and
         * constants of instrumentation are. {@code true}: every string value is a new instance (same text), so
         * nothing can be recognized by identity.
         */
        @Param({"false"})
        public boolean distinctStrings;

        Object writer;
        Method spans;
        Method bytes;
        Object compressor;
        Method compress;
        Dsc dsc;
        List<SpanData> trace;
        long envelopes;
        long uncompressedBytes;
        long compressedBytes;

        @Setup(Level.Trial)
        public void setUp() throws ReflectiveOperationException {
            SentryOptions options = options();
            Class<?> writerClass = Class.forName(ENVELOPE + "EnvelopeEncoder");
            Constructor<?> constructor = writerClass.getDeclaredConstructor(SentryOptions.class);
            constructor.setAccessible(true);
            writer = constructor.newInstance(options);
            spans = writerClass.getDeclaredMethod("spans", Dsc.class, List.class, List.class);
            spans.setAccessible(true);
            bytes = Class.forName(ENVELOPE + "EncodedEnvelope").getDeclaredMethod("bytes");
            bytes.setAccessible(true);
            if (gzip.equals("transport")) {
                Class<?> gzipClass = Class.forName(TRANSPORT + "Gzip");
                Constructor<?> gzipConstructor = gzipClass.getDeclaredConstructor();
                gzipConstructor.setAccessible(true);
                compressor = gzipConstructor.newInstance();
                compress = gzipClass.getDeclaredMethod("compress", byte[].class);
                compress.setAccessible(true);
            }
            InMemorySpanProcessor collected = new InMemorySpanProcessor();
            List<SpanData> ended = collected.spans();
            SentryRuntime runtime = collected.runtime(options);
            Span root = runtime.spanBuilder("GET /api/orders/{id}").noParent().active(false).op("http.server").start();
            root.setAttribute("http.request.method", "GET");
            root.setAttribute("http.route", "/api/orders/{id}");
            for (int i = 0; i < SPANS - 1; i++) {
                Span child = runtime.spanBuilder("SELECT orders").parent(root).active(false).op("db.sql.query").start();
                child.setAttribute("db.system", text("postgresql"));
                child.setAttribute("db.namespace", text("shop"));
                child.setAttribute("db.operation.name", text("SELECT"));
                child.setAttribute("db.query.text",
                        text("SELECT o.id, o.total, o.status FROM orders o WHERE o.customer_id = ? AND o.id = ?"));
                child.setAttribute("db.response.returned_rows", (long) (i % 17));
                child.setAttribute("server.port", 5432L);
                child.setAttribute("network.peer.address", "10.0.3." + (i % 250));
                child.setAttribute("cache.hit", i % 3 == 0);
                child.setAttribute("pool.usage", 0.25 + (i % 10) / 40.0);
                child.setAttribute("code.function", "OrderRepository.find" + (i % 5));
                child.end();
            }
            root.end();
            trace = List.copyOf(ended);
            SpanData segment = trace.get(trace.size() - 1);
            dsc = segment.trace().freezeDsc(segment.name(), segment.segmentNameSource());
        }

        private String text(String value) {
            return distinctStrings ? new String(value.toCharArray()) : value;
        }

        @TearDown(Level.Trial)
        public void report() {
            if (envelopes > 0) {
                System.out.printf("%n[envelope-writer gzip=%s distinctStrings=%s] %d spans/envelope, %.0f B/span JSON, %.0f B/span compressed%n",
                        gzip, distinctStrings, trace.size(), uncompressedBytes / (double) (envelopes * trace.size()),
                        compressedBytes / (double) (envelopes * trace.size()));
            }
        }
    }

    /** One request's trace: a server segment and five children, as in {@code benchmarks/e2e}. */
    @State(Scope.Thread)
    public static class RequestTrace {

        /** {@code none}: JSON only; {@code transport}: then compressed as {@code HttpTransport} does, on the same thread. */
        @Param({"none", "transport"})
        public String gzip = "none";

        EnvelopeEncoder encoder;
        MethodHandle compress;
        Dsc dsc;
        List<SpanData> trace;

        @Setup(Level.Trial)
        public void setUp() throws ReflectiveOperationException {
            SentryOptions options = options();
            encoder = new EnvelopeEncoder(options);
            if (gzip.equals("transport")) {
                Class<?> gzipClass = Class.forName(TRANSPORT + "Gzip");
                Constructor<?> gzipConstructor = gzipClass.getDeclaredConstructor();
                gzipConstructor.setAccessible(true);
                Method method = gzipClass.getDeclaredMethod("compress", byte[].class);
                method.setAccessible(true);
                compress = MethodHandles.lookup().unreflect(method).bindTo(gzipConstructor.newInstance())
                        .asType(MethodType.methodType(byte[].class, byte[].class));
            }
            InMemorySpanProcessor collected = new InMemorySpanProcessor();
            List<SpanData> ended = collected.spans();
            SentryRuntime runtime = collected.runtime(options);
            Span server = runtime.spanBuilder("GET /orders/*").noParent().active(false).op("http.server")
                    .attribute("sentry.origin", "auto.http.jakarta_rest.server")
                    .attribute("http.request.method", "GET")
                    .attribute("url.path", "/orders/42")
                    .start();
            server.setAttribute("sentry.segment.name.source", "route");
            server.setAttribute("url.scheme", "http");
            server.setAttribute("server.address", "127.0.0.1");
            server.setAttribute("server.port", 8080L);
            server.setName("GET /orders/{id}");
            server.setAttribute("http.route", "/orders/{id}");
            Span find = child(runtime, server, "OrderService.find", "find", "OrderService");
            child(runtime, find, "load order", "load", "OrderRepository").end();
            find.end();
            Span price = child(runtime, server, "Pricing.price", "price", "Pricing");
            child(runtime, price, "TaxRates.percent", "percent", "TaxRates").end();
            price.end();
            child(runtime, server, "render", "render", "Renderer").end();
            server.setAttribute("http.response.status_code", 200L);
            server.end();
            trace = List.copyOf(ended);
            SpanData segment = trace.get(trace.size() - 1);
            dsc = segment.trace().freezeDsc(segment.name(), segment.segmentNameSource());
        }

        private static Span child(SentryRuntime runtime, Span parent, String name, String function, String type) {
            return runtime.spanBuilder(name).parent(parent).active(false).op("function")
                    .attribute("sentry.origin", "auto.function.jakarta_cdi")
                    .attribute("code.function", function)
                    .attribute("code.namespace", "io.github.sentryjakarta.benchmarks.e2e.app." + type)
                    .start();
        }
    }

    /** Writes one request's trace into its envelope; scores are per envelope (6 spans). */
    @Benchmark
    public int requestTrace(RequestTrace t) throws Throwable {
        byte[] json = t.encoder.spans(t.dsc, t.trace, List.of()).get(0).bytes();
        return t.compress == null ? json.length : ((byte[]) t.compress.invokeExact(json)).length;
    }

    /** Stream lifecycle, everything sampled, with the resource a real deployment has. */
    private static SentryOptions options() {
        return SentryOptions.builder()
                .dsn("https://publickey@o4501.ingest.example.com/42")
                .traceLifecycle(TraceLifecycle.STREAM)
                .tracesSampleRate(1.0)
                .environment("production")
                .release("shop@2.3.1")
                .serverName("app-7f9c4d-x2k8p")
                .build();
    }

    /** Writes the trace's span envelopes and compresses each as chosen; returns the bytes to post. */
    @Benchmark
    @OperationsPerInvocation(SPANS)
    public int encode(Writer w) throws ReflectiveOperationException, IOException {
        List<?> envelopes = (List<?>) w.spans.invoke(w.writer, w.dsc, w.trace, List.of());
        int total = 0;
        for (Object envelope : envelopes) {
            byte[] json = (byte[]) w.bytes.invoke(envelope);
            byte[] body = switch (w.gzip) {
                case "none" -> json;
                case "jdk" -> jdkGzip(json);
                case "jdk-fast" -> jdkFastGzip(json);
                default -> compress(w, json);
            };
            w.envelopes++;
            w.uncompressedBytes += json.length;
            w.compressedBytes += body.length;
            total += body.length;
        }
        return total;
    }

    private static byte[] compress(Writer w, byte[] json) throws IllegalAccessException {
        try {
            return (byte[]) w.compress.invoke(w.compressor, (Object) json);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** {@code HttpTransport.gzip} before this benchmark was added. */
    private static byte[] jdkGzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 4));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    /** A new {@code GZIPOutputStream} per envelope at the transport's level: the framing alone compared. */
    private static byte[] jdkFastGzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 4));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_SPEED);
            }
        }) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }
}
