package io.github.sentryjakarta.benchmarks;

import io.github.sentryjakarta.Span;
import io.github.sentryjakarta.internal.outcome.ClientReports;
import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.engine.SentryRuntime;
import io.github.sentryjakarta.integration.TraceLifecycle;
import io.github.sentryjakarta.internal.buffer.SpanBuffer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;

/**
 * One query as an ORM runs it: prepare {@code SELECT … WHERE id = ?}, bind, execute, read the row, close, on H2 in
 * memory, inside an active sampled parent span (replaced every 1000 queries). {@code driver}:
 * <ul>
 *   <li>{@code raw}: H2's own connection;</li>
 *   <li>{@code proxy}: H2's connection and statements behind {@link java.lang.reflect.Proxy} handlers that only
 *       delegate: what the proxy mechanism alone costs (the alternative to hand-written wrappers);</li>
 *   <li>{@code sentry}: {@code jdbc:sentry:h2:…}; spans go to the real span buffer, which hands them to a
 *       discarding queue (as {@code SentryJakartaBenchmark -p sink=discard});</li>
 *   <li>{@code sentry-unsampled}: the same, under an unsampled parent (no span work);</li>
 *   <li>{@code opentelemetry}: {@code opentelemetry-jdbc}'s {@code JdbcTelemetry.wrap(DataSource)} with the
 *       OpenTelemetry SDK, a {@code BatchSpanProcessor} and a discarding exporter, the parent made current.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JdbcBenchmark {

    private static final String QUERY = "SELECT name, price FROM product WHERE id = ?";
    private static final int CHILDREN_PER_PARENT = 1000;

    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class Database {

        @Param({"raw", "proxy", "sentry", "sentry-unsampled", "opentelemetry"})
        public String driver;

        Connection connection;
        private Connection setup;
        private SentryRuntime runtime;
        private SdkTracerProvider otelProvider;
        private io.opentelemetry.api.trace.Tracer tracer;
        private Span sentryParent;
        private io.opentelemetry.api.trace.Span otelParent;
        private Scope otelScope;
        private long queries;
        final LongAdder exported = new LongAdder();
        int id = 1;
        final Tally tally = new Tally();
        private final Tally.Meter meter = new Tally.Meter();

        @Setup(Level.Trial)
        public void start() throws SQLException {
            String url = "jdbc:h2:mem:bench_" + driver.replace('-', '_') + ";DB_CLOSE_DELAY=-1";
            setup = DriverManager.getConnection(url, "sa", "");
            try (Statement statement = setup.createStatement()) {
                statement.execute("CREATE TABLE product (id INT PRIMARY KEY, name VARCHAR(40), price INT)");
                statement.execute("INSERT INTO product SELECT X, 'product ' || X, X * 10 FROM SYSTEM_RANGE(1, 100)");
            }
            SentryOptions options = SentryOptions.builder().dsn("http://key@127.0.0.1:1/1")
                    .traceLifecycle(TraceLifecycle.STREAM).tracesSampleRate(driver.equals("sentry-unsampled") ? 0.0 : 1.0)
                    .build();
            ClientReports reports = new ClientReports();
            runtime = new SentryRuntime(options, reports,
                    new SpanBuffer(options, reports, new SentryJakartaBenchmark.DiscardingQueue(exported), null));
            SentryRuntime.install(runtime);
            connection = switch (driver) {
                case "raw" -> DriverManager.getConnection(url, "sa", "");
                case "proxy" -> Delegating.proxy(Connection.class, DriverManager.getConnection(url, "sa", ""));
                case "sentry", "sentry-unsampled" -> DriverManager.getConnection("jdbc:sentry:" + url.substring(5), "sa", "");
                case "opentelemetry" -> openTelemetry(url);
                default -> throw new IllegalArgumentException(driver);
            };
            startParent();
        }

        private Connection openTelemetry(String url) throws SQLException {
            SpanExporter discarding = new SpanExporter() {
                @Override
                public CompletableResultCode export(Collection<SpanData> spans) {
                    exported.add(spans.size());
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            };
            otelProvider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn())
                    .addSpanProcessor(BatchSpanProcessor.builder(discarding).build()).build();
            OpenTelemetry openTelemetry = OpenTelemetrySdk.builder().setTracerProvider(otelProvider).build();
            tracer = openTelemetry.getTracer("benchmark");
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            h2.setUser("sa");
            return JdbcTelemetry.create(openTelemetry).wrap(h2).getConnection();
        }

        private void startParent() {
            if (tracer != null) {
                otelParent = tracer.spanBuilder("parent").startSpan();
                otelScope = otelParent.makeCurrent();
            } else {
                sentryParent = runtime.startSpan("parent");
            }
        }

        private void endParent() {
            if (tracer != null) {
                otelScope.close();
                otelParent.end();
            } else {
                sentryParent.end();
            }
        }

        void next() {
            id = id % 100 + 1;
            if (++queries % CHILDREN_PER_PARENT == 0) {
                endParent();
                startParent();
            }
        }

        @Setup(Level.Iteration)
        public void iterationBegin() {
            tally.iterationBegin();
            meter.begin(queries);
        }

        @TearDown(Level.Iteration)
        public void iterationEnd(IterationParams iteration) {
            meter.end(queries, iteration, tally);
            tally.iterationEnd(iteration);
        }

        @TearDown(Level.Trial)
        public void stop() throws SQLException {
            endParent();
            connection.close();
            runtime.close(Duration.ofSeconds(10));
            SentryRuntime.uninstall(runtime);
            if (otelProvider != null) {
                otelProvider.forceFlush().join(10, TimeUnit.SECONDS);
                otelProvider.shutdown().join(10, TimeUnit.SECONDS);
            }
            try (Statement statement = setup.createStatement()) {
                statement.execute("SHUTDOWN");
            }
            System.out.printf("%n[jdbc driver=%s] queries=%d, spans exported=%d; %s%n", driver, queries, exported.sum(),
                    tally.summary());
        }
    }

    @Benchmark
    public int preparedQuery(Database database) throws SQLException {
        int price;
        try (PreparedStatement query = database.connection.prepareStatement(QUERY)) {
            query.setInt(1, database.id);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                price = row.getInt(2);
            }
        }
        database.next();
        return price;
    }

    /** Delegates every call of a JDBC interface to the real object, wrapping the statements it returns. */
    private record Delegating(Object target) implements InvocationHandler {

        static <T> T proxy(Class<T> type, Object target) {
            return type.cast(Proxy.newProxyInstance(JdbcBenchmark.class.getClassLoader(), new Class<?>[] {type},
                    new Delegating(target)));
        }

        @Override
        public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) throws Throwable {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof PreparedStatement statement && method.getName().equals("prepareStatement")) {
                return proxy(PreparedStatement.class, statement);
            }
            return result;
        }
    }
}
