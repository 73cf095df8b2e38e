package io.github.sentryjakarta.internal.propagation;

/**
 * The W3C {@code traceparent} header: {@code 00-{trace_id}-{parent_id}-{flags}}. Only read when
 * {@code sentry-trace} is absent; the sampled flag is bit 0 of the flags.
 */
public final class TraceParent {

    private TraceParent() {
    }

    /** @return the context as a {@code sentry-trace} would carry it, or {@code null} */
    public static SentryTraceHeader parse(String header) {
        if (header == null || header.length() > 128) {
            return null;
        }
        String value = header.strip();
        if (value.length() < 55 || value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') {
            return null;
        }
        String version = value.substring(0, 2);
        if (!isHexByte(version) || version.equals("ff") || (version.equals("00") && value.length() != 55)
                || (value.length() > 55 && value.charAt(55) != '-')) {
            return null;
        }
        String flags = value.substring(53, 55);
        if (!Ids.isHexId(value, 3, 32) || !Ids.isHexId(value, 36, 16) || !isHexByte(flags)) {
            return null;
        }
        boolean sampled = (Integer.parseInt(flags, 16) & 1) == 1;
        return new SentryTraceHeader(value.substring(3, 35), value.substring(36, 52), sampled);
    }

    private static boolean isHexByte(String text) {
        return Ids.isHexId(text, 0, 2) || text.equals("00");
    }

    public static String format(String traceId, String spanId, boolean sampled) {
        return "00-" + traceId + '-' + spanId + (sampled ? "-01" : "-00");
    }
}
