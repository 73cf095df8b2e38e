package io.github.sentryjakarta.internal.propagation;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The W3C {@code baggage} header as Sentry uses it: {@code sentry-*} members form the incoming DSC, every
 * other member belongs to someone else and is passed on untouched.
 *
 * <p>Parsing is bounded as W3C asks (8192 characters, 180 members): what lies beyond is ignored, so a
 * hostile header costs at most that much work.
 */
public final class Baggage {

    public static final int MAX_LENGTH = 8192;
    static final int MAX_MEMBERS = 180;
    private static final String PREFIX = "sentry-";

    /** @param sentry decoded {@code sentry-*} values, keys without prefix; @param thirdParty raw other members, comma-joined */
    public record Parsed(Map<String, String> sentry, String thirdParty) {
    }

    private Baggage() {
    }

    public static Parsed parse(String header) {
        Map<String, String> sentry = new LinkedHashMap<>();
        StringBuilder thirdParty = new StringBuilder();
        if (header == null) {
            return new Parsed(sentry, "");
        }
        int end = Math.min(header.length(), MAX_LENGTH);
        int members = 0;
        int start = 0;
        while (start < end && members < MAX_MEMBERS) {
            int comma = header.indexOf(',', start);
            if (comma < 0 || comma > end) {
                if (end < header.length()) {
                    break; // the member was cut by the bound: drop it rather than keep half of it
                }
                comma = end;
            }
            String member = header.substring(start, comma).trim();
            start = comma + 1;
            if (member.isEmpty()) {
                continue;
            }
            members++;
            int eq = member.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = member.substring(0, eq).trim();
            if (key.startsWith(PREFIX)) {
                String value = decode(stripProperties(member.substring(eq + 1)).trim());
                if (value != null && key.length() > PREFIX.length()) {
                    sentry.put(key.substring(PREFIX.length()), value);
                }
            } else {
                if (thirdParty.length() > 0) {
                    thirdParty.append(',');
                }
                thirdParty.append(member);
            }
        }
        return new Parsed(sentry, thirdParty.toString());
    }

    private static String stripProperties(String value) {
        int semicolon = value.indexOf(';');
        return semicolon < 0 ? value : value.substring(0, semicolon);
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null; // broken percent-encoding: the member is ignored, never the request
        }
    }

    /** @return the header: our DSC as {@code sentry-*} members, then the third-party members that still fit */
    public static String format(Dsc dsc, String thirdParty) {
        StringBuilder out = new StringBuilder(256);
        for (int i = 0; i < dsc.size(); i++) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(PREFIX).append(dsc.key(i)).append('=')
                    .append(URLEncoder.encode(dsc.value(i), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        if (thirdParty != null && !thirdParty.isEmpty() && out.length() + 1 + thirdParty.length() <= MAX_LENGTH) {
            out.append(',').append(thirdParty);
        }
        return out.toString();
    }
}
