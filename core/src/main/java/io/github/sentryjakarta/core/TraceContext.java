package io.github.sentryjakarta.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What all local spans of one trace share: the trace id, the sampling decision (made once, by the first
 * local root), {@code sample_rand}, the incoming DSC and third-party baggage, and the frozen DSC.
 */
public final class TraceContext {

    private final String traceId;
    private final SentryOptions options;
    private final Map<String, String> incomingDsc;
    private final String thirdPartyBaggage;
    private final Boolean parentSampled;
    private final double sampleRand;
    private final boolean sampleRandArrived;
    private final AtomicReference<Dsc> dsc = new AtomicReference<>();
    private volatile SamplingDecision decision;

    TraceContext(String traceId, SentryOptions options, Map<String, String> incomingDsc, String thirdPartyBaggage,
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

    Boolean parentSampled() {
        return parentSampled;
    }

    Map<String, String> incomingDsc() {
        return incomingDsc;
    }

    String thirdPartyBaggage() {
        return thirdPartyBaggage;
    }

    /** Decides once; later local roots of the same trace get the first decision. */
    synchronized SamplingDecision decide(java.util.function.Supplier<SamplingDecision> sampler) {
        if (decision == null) {
            decision = sampler.get();
        }
        return decision;
    }

    /** @return the frozen DSC, or {@code null} when the trace has neither propagated nor flushed yet */
    public Dsc frozenDsc() {
        return dsc.get();
    }

    /**
     * Freezes the DSC on first use: the incoming one if the trace arrived with one, else ours, built from
     * the options, the decision and the name of the local root that propagates or flushes first.
     */
    public Dsc freezeDsc(String segmentName, String segmentNameSource) {
        Dsc frozen = dsc.get();
        if (frozen != null) {
            return frozen;
        }
        Map<String, String> entries = new LinkedHashMap<>();
        if (!incomingDsc.isEmpty()) {
            entries.putAll(incomingDsc);
            if (!sampleRandArrived) {
                entries.put("sample_rand", formatRand(sampleRand)); // absent or invalid: ours, 6 decimals
            }
        } else {
            entries.put("trace_id", traceId);
            options.dsn().ifPresent(d -> entries.put("public_key", d.publicKey()));
            options.orgId().ifPresent(id -> entries.put("org_id", id));
            entries.put("environment", options.environment());
            options.release().ifPresent(r -> entries.put("release", r));
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
        dsc.compareAndSet(null, new Dsc(entries));
        return dsc.get();
    }

    static String formatRand(double rand) {
        return BigDecimal.valueOf(rand).setScale(6, RoundingMode.FLOOR).toPlainString();
    }

    static String formatRate(double rate) {
        return BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString();
    }
}
