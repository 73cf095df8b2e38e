package io.github.sentryjakarta.internal.propagation;

import io.github.sentryjakarta.integration.Dsn;
import io.github.sentryjakarta.integration.SentryOptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.util.Map;

/**
 * What all local spans of one trace share: the trace id, the sampling decision (made once, by the first
 * local root), {@code sample_rand}, the incoming DSC and third-party baggage, and the frozen DSC.
 */
public final class TraceContext {

    private static final VarHandle DSC;

    static {
        try {
            DSC = MethodHandles.lookup().findVarHandle(TraceContext.class, "dsc", Dsc.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The last sample rate formatted, and its text: a runtime has one rate, so this is formatted once. */
    private static volatile FormattedRate lastRate = new FormattedRate(1.0, "1");

    private final String traceId;
    private final SentryOptions options;
    private final Map<String, String> incomingDsc;
    private final String thirdPartyBaggage;
    private final Boolean parentSampled;
    private final double sampleRand;
    private final boolean sampleRandArrived;
    /** Set once, by the first freeze (a field, not an AtomicReference: one object less per trace). */
    private volatile Dsc dsc;
    private volatile SamplingDecision decision;

    public TraceContext(String traceId, SentryOptions options, Map<String, String> incomingDsc, String thirdPartyBaggage,
            Boolean parentSampled, Double incomingSampleRand) {
        this.traceId = traceId;
        this.options = options;
        this.incomingDsc = incomingDsc;
        this.thirdPartyBaggage = thirdPartyBaggage;
        this.parentSampled = parentSampled;
        this.sampleRandArrived = incomingSampleRand != null;
        double rand = incomingSampleRand != null ? incomingSampleRand : Ids.sampleRandFromTraceId(traceId);
        // Sentry compares with 6 decimals, as sent in the DSC: every service must reach the same verdict.
        this.sampleRand = Math.floor(rand * 1_000_000d) / 1_000_000d;
    }

    /** @return the 32 hex digits of the trace id */
    public String traceId() {
        return traceId;
    }

    /** @return the random value the sampling decision compares with the rate, 6 decimals */
    public double sampleRand() {
        return sampleRand;
    }

    /** @return the decision, or {@code null} while no local root has started */
    public SamplingDecision decision() {
        return decision;
    }

    public Boolean parentSampled() {
        return parentSampled;
    }

    public Map<String, String> incomingDsc() {
        return incomingDsc;
    }

    public String thirdPartyBaggage() {
        return thirdPartyBaggage;
    }

    /**
     * Decides once; later local roots of the same trace get the first decision. The arguments are passed
     * through rather than captured in a lambda: one object less per trace.
     *
     * @param sampler the runtime's sampler, or {@code null} when the runtime is inactive (nothing sampled or counted)
     */
    public <A> SamplingDecision decide(RootSampler<A> sampler, String name, A attributes) {
        SamplingDecision decided = decision;
        if (decided != null) {
            return decided;
        }
        synchronized (this) {
            if (decision == null) {
                decision = sampler != null ? sampler.decide(this, name, attributes) : SamplingDecision.INACTIVE;
            }
            return decision;
        }
    }

    /** @return the frozen DSC, or {@code null} when the trace has neither propagated nor flushed yet */
    public Dsc frozenDsc() {
        return dsc;
    }

    /**
     * Freezes the DSC on first use: the incoming one if the trace arrived with one, else ours, built from
     * the options, the decision and the name of the local root that propagates or flushes first.
     */
    public Dsc freezeDsc(String segmentName, String segmentNameSource) {
        Dsc frozen = dsc;
        if (frozen != null) {
            return frozen;
        }
        Dsc.Builder entries = new Dsc.Builder(incomingDsc.isEmpty() ? 9 : incomingDsc.size() + 1);
        if (!incomingDsc.isEmpty()) {
            entries.putAll(incomingDsc);
            if (!sampleRandArrived) {
                entries.put("sample_rand", formatRand(sampleRand)); // absent or invalid: ours, 6 decimals
            }
        } else {
            OptionsPart fixed = optionsPart(options);
            entries.put("trace_id", traceId);
            if (fixed.publicKey != null) {
                entries.put("public_key", fixed.publicKey);
            }
            if (fixed.orgId != null) {
                entries.put("org_id", fixed.orgId);
            }
            entries.put("environment", fixed.environment);
            if (fixed.release != null) {
                entries.put("release", fixed.release);
            }
            if (segmentName != null && !"url".equals(segmentNameSource)) {
                entries.put("transaction", segmentName);
            }
            SamplingDecision d = decision;
            if (d != null && d.counted()) {
                if (d.rate() != null) {
                    entries.put("sample_rate", formatRate(d.rate()));
                }
                entries.put("sampled", Boolean.toString(d.sampled()));
            }
            entries.put("sample_rand", formatRand(sampleRand));
        }
        DSC.compareAndSet(this, null, entries.build());
        return dsc;
    }

    /**
     * @param rand in [0, 1), already floored to 6 decimals
     * @return {@code 0.} and exactly six digits, as {@code BigDecimal.valueOf(rand).setScale(6, FLOOR)} writes
     *         it, without a BigDecimal per trace
     */
    public static String formatRand(double rand) {
        // rand is floor(x * 1e6) / 1e6: the nearest double to a whole number of millionths, which rounding restores.
        long micros = Math.max(0, Math.min(999_999, Math.round(rand * 1_000_000d)));
        char[] text = {'0', '.', '0', '0', '0', '0', '0', '0'};
        for (int i = 7; i >= 2 && micros > 0; i--) {
            text[i] = (char) ('0' + micros % 10);
            micros /= 10;
        }
        return new String(text);
    }

    public static String formatRate(double rate) {
        FormattedRate last = lastRate;
        if (Double.compare(last.rate, rate) != 0) {
            last = new FormattedRate(rate, BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString());
            lastRate = last;
        }
        return last.text;
    }

    private record FormattedRate(double rate, String text) {
    }

    /** The DSC entries every trace of a runtime shares, read from its options once. */
    private static volatile OptionsPart lastOptions;

    private static OptionsPart optionsPart(SentryOptions options) {
        OptionsPart part = lastOptions;
        if (part == null || part.options != options) {
            part = new OptionsPart(options, options.dsn().map(Dsn::publicKey).orElse(null),
                    options.orgId().orElse(null), options.environment(), options.release().orElse(null));
            lastOptions = part;
        }
        return part;
    }

    private record OptionsPart(SentryOptions options, String publicKey, String orgId, String environment,
            String release) {
    }
}
