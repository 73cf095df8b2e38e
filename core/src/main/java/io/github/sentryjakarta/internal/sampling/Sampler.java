package io.github.sentryjakarta.internal.sampling;

import io.github.sentryjakarta.integration.SentryOptions;
import io.github.sentryjakarta.internal.propagation.RootSampler;
import io.github.sentryjakarta.internal.propagation.SamplingDecision;
import io.github.sentryjakarta.internal.propagation.TraceContext;
import io.github.sentryjakarta.internal.span.Attributes;
import io.github.sentryjakarta.spi.SamplingContext;
import io.github.sentryjakarta.spi.TracesSampler;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes the decision of SPEC §6 for a trace's first local root: the incoming {@code sentry-trace} flag, else
 * the incoming baggage {@code sentry-sampled}, else the user's {@link TracesSampler}, else the configured
 * rate. Without any of them, nothing is sampled and nothing counted: tracing is off for new traces.
 */
public final class Sampler implements RootSampler<Attributes> {

    private static final System.Logger LOG = System.getLogger(Sampler.class.getName());

    private final Double rate;
    private final TracesSampler tracesSampler;
    private final AtomicBoolean samplerFailureLogged = new AtomicBoolean();
    /** The two decisions the configured rate can give: made once, not per trace. */
    private final SamplingDecision sampledAtRate;
    private final SamplingDecision notSampledAtRate;

    public Sampler(SentryOptions options) {
        this.rate = options.tracesSampleRate().orElse(null);
        this.tracesSampler = options.tracesSampler().orElse(null);
        this.sampledAtRate = new SamplingDecision(true, rate, true);
        this.notSampledAtRate = new SamplingDecision(false, rate, true);
    }

    @Override
    public SamplingDecision decide(TraceContext trace, String name, Attributes attributes) {
        Double incomingRate = parseFraction(trace.incomingDsc().get("sample_rate"), true);
        Boolean parent = trace.parentSampled();
        if (parent == null) {
            String baggageSampled = trace.incomingDsc().get("sampled");
            if ("true".equals(baggageSampled) || "false".equals(baggageSampled)) {
                parent = Boolean.valueOf(baggageSampled);
            }
        }
        if (parent != null) {
            // An inherited decision without a rate is a rate of 1 or 0, as Sentry's JavaScript SDK records it:
            // the DSC frozen from it then carries a sample_rate.
            return new SamplingDecision(parent, incomingRate != null ? incomingRate : parent ? 1.0 : 0.0, true);
        }
        Double chosen = rate;
        if (tracesSampler != null) {
            try {
                Map<String, Object> view = attributes == null ? Map.of() : attributes.toMap();
                double sampled = tracesSampler.sample(
                        new SamplingContext(name, trace.traceId(), Optional.ofNullable(incomingRate), view));
                // Boxed on purpose: a primitive branch would unbox a null rate and turn a nonsense answer into an NPE.
                chosen = sampled >= 0 && sampled <= 1 ? Double.valueOf(sampled) : rate;
            } catch (RuntimeException e) {
                if (samplerFailureLogged.compareAndSet(false, true)) {
                    LOG.log(Level.WARNING, "TracesSampler threw; using sentry.traces-sample-rate instead", e);
                }
            }
        }
        if (chosen == null) {
            return new SamplingDecision(false, null, false);
        }
        boolean sampled = trace.sampleRand() < chosen;
        if (chosen == rate) { // the configured rate itself, not a sampler's answer
            return sampled ? sampledAtRate : notSampledAtRate;
        }
        return new SamplingDecision(sampled, chosen, true);
    }

    /** @return the number in [0, 1] (or [0, 1) without {@code includingOne}), else {@code null} */
    public static Double parseFraction(String value, boolean includingOne) {
        if (value == null) {
            return null;
        }
        try {
            double parsed = Double.parseDouble(value);
            return parsed >= 0 && (includingOne ? parsed <= 1 : parsed < 1) ? parsed : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
