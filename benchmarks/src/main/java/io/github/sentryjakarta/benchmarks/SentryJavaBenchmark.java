package io.github.sentryjakarta.benchmarks;

import io.sentry.Hint;
import io.sentry.ISpan;
import io.sentry.ITransaction;
import io.sentry.Sentry;
import io.sentry.SentryEnvelope;
import io.sentry.SentryOptions;
import io.sentry.TransactionOptions;
import io.sentry.transport.ITransport;
import io.sentry.transport.RateLimiter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;

/**
 * The official SDK, {@code io.sentry:sentry}: {@code transaction.startChild("op", "child")}, three
 * {@code setData}, {@code finish()}, under a transaction started with {@code bindToScope}. The transport
 * counts and discards (no serialization: sentry-java serializes envelope items lazily, in the transport).
 *
 * <p>A transaction keeps all its children until it finishes, and beyond {@code maxSpans} (1000 by default)
 * {@code startChild} returns a no-op span. So the transaction finishes and a new one starts every
 * {@code childrenPerParent} children (5: a small request; 1000: sentry-java's {@code maxSpans}): the amortized cost of finishing (event processors, building
 * the transaction event and envelope, on the application thread) is part of the result, as it is part of
 * what an application pays.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SentryJavaBenchmark {

    @State(Scope.Benchmark)
    public static class Sdk {

        @Param({"5", "1000"})
        public int childrenPerParent;

        final LongAdder transactions = new LongAdder();
        final LongAdder spansInTransactions = new LongAdder();
        final LongAdder envelopes = new LongAdder();
        final Tally tally = new Tally();

        @Setup(Level.Iteration)
        public void iterationBegin() {
            tally.iterationBegin();
        }

        @TearDown(Level.Iteration)
        public void iterationEnd(IterationParams iteration) {
            tally.iterationEnd(iteration);
        }

        @Setup(Level.Trial)
        public void start() {
            Sentry.init(options -> {
                options.setDsn("https://key@127.0.0.1:1/1");
                options.setTracesSampleRate(1.0);
                options.setTransportFactory((o, requestDetails) -> new DiscardingTransport(o, envelopes));
                options.setBeforeSendTransaction((transaction, hint) -> {
                    transactions.increment();
                    spansInTransactions.add(transaction.getSpans().size());
                    return transaction;
                });
            });
        }

        @TearDown(Level.Trial)
        public void stop() {
            Sentry.flush(30_000);
            Sentry.close();
            long ended = tally.ended.sum();
            long sent = transactions.sum() + spansInTransactions.sum();
            System.out.printf("%n[sentry-java] %s; transactions=%d with %d child spans, envelopes to transport=%d,"
                            + " not sent (ended - transactions - children)=%d%n",
                    tally.summary(), transactions.sum(), spansInTransactions.sum(), envelopes.sum(), ended - sent);
        }
    }

    @State(Scope.Thread)
    public static class Transaction {
        ITransaction transaction;
        long ops;
        long ended;
        final Tally.Meter meter = new Tally.Meter();

        @Setup(Level.Iteration)
        public void start(Sdk sdk) {
            startTransaction();
            meter.begin(ops);
        }

        private void startTransaction() {
            TransactionOptions options = new TransactionOptions();
            options.setBindToScope(true);
            transaction = Sentry.startTransaction("parent", "http.server", options);
        }

        void next(Sdk sdk) {
            ended++;
            if (++ops % sdk.childrenPerParent == 0) {
                transaction.finish();
                ended++;
                startTransaction();
            }
        }

        @TearDown(Level.Iteration)
        public void end(Sdk sdk, IterationParams iteration) {
            meter.end(ops, iteration, sdk.tally);
            transaction.finish();
            sdk.tally.ended.add(ended + 1);
            ended = 0;
            ops = 0;
        }
    }

    @Benchmark
    public void spanWith3Attributes(Sdk sdk, Transaction transaction) {
        ISpan child = transaction.transaction.startChild("op", "child");
        child.setData("a", "v");
        child.setData("b", 42L);
        child.setData("c", true);
        child.finish();
        transaction.next(sdk);
    }

    /** Counts envelopes and drops them; never serializes. */
    static final class DiscardingTransport implements ITransport {
        private final RateLimiter rateLimiter;
        private final LongAdder envelopes;

        DiscardingTransport(SentryOptions options, LongAdder envelopes) {
            this.rateLimiter = new RateLimiter(options);
            this.envelopes = envelopes;
        }

        @Override
        public void send(SentryEnvelope envelope, Hint hint) {
            envelopes.increment();
        }

        @Override
        public void flush(long timeoutMillis) {
        }

        @Override
        public RateLimiter getRateLimiter() {
            return rateLimiter;
        }

        @Override
        public void close(boolean isRestarting) {
        }

        @Override
        public void close() {
        }
    }
}
