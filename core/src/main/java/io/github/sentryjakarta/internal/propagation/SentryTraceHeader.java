package io.github.sentryjakarta.internal.propagation;

/**
 * The {@code sentry-trace} header: {@code {trace_id}-{span_id}[-{1|0}]}, surrounding blanks allowed.
 *
 * @param traceId 32 lowercase hex digits
 * @param spanId 16 lowercase hex digits
 * @param sampled the decision, or {@code null} when deferred
 */
public record SentryTraceHeader(String traceId, String spanId, Boolean sampled) {

    /** @return the parsed header, or {@code null} when it does not parse (then a new trace starts) */
    public static SentryTraceHeader parse(String header) {
        if (header == null || header.length() > 128) {
            return null;
        }
        String value = header.strip();
        if (value.length() != 49 && value.length() != 51) {
            return null;
        }
        if (value.charAt(32) != '-' || !Ids.isHexId(value, 0, 32) || !Ids.isHexId(value, 33, 16)) {
            return null;
        }
        Boolean sampled = null;
        if (value.length() == 51) {
            if (value.charAt(49) != '-') {
                return null;
            }
            char flag = value.charAt(50);
            if (flag != '0' && flag != '1') {
                return null;
            }
            sampled = flag == '1';
        }
        return new SentryTraceHeader(value.substring(0, 32), value.substring(33, 49), sampled);
    }

    public String format() {
        return traceId + '-' + spanId + (sampled == null ? "" : sampled ? "-1" : "-0");
    }
}
