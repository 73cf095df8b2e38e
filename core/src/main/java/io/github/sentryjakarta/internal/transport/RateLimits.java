package io.github.sentryjakarta.internal.transport;

import io.github.sentryjakarta.internal.outcome.DataCategory;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The back-off Sentry asked for, per data category: from {@code X-Sentry-Rate-Limits} on any response,
 * else from {@code Retry-After} on a 429. Deadlines live on a monotonic clock so that a wall clock jump
 * neither lifts a limit early nor keeps one forever.
 *
 * <p>Whatever the server answers is untrusted input: garbage is ignored, huge values are clamped, and no
 * method throws.
 */
final class RateLimits {

    /** Back-off after a 429 that says nothing about how long. */
    static final long DEFAULT_RETRY_AFTER_SECONDS = 60;
    /** A longer limit is clamped: after a day the next response tells again, which costs one request. */
    static final long MAX_RETRY_AFTER_SECONDS = TimeUnit.DAYS.toSeconds(1);
    /** Parsing stops here; a real header is a few dozen bytes. */
    private static final int MAX_HEADER_LENGTH = 8192;

    private static final DataCategory[] CATEGORIES = DataCategory.values();

    private final LongSupplier nanoClock;
    /** Per category ordinal: the nano time until which it is limited. */
    private final long[] limitedUntil = new long[CATEGORIES.length];
    private final boolean[] limited = new boolean[CATEGORIES.length];

    RateLimits() {
        this(System::nanoTime);
    }

    RateLimits(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * Takes in what a response says about rate limits.
     *
     * @param status the HTTP status
     * @param rateLimitsHeader {@code X-Sentry-Rate-Limits}, or {@code null}
     * @param retryAfterHeader {@code Retry-After}, or {@code null}
     */
    synchronized void update(int status, String rateLimitsHeader, String retryAfterHeader) {
        long now = nanoClock.getAsLong();
        if (rateLimitsHeader != null && !rateLimitsHeader.isBlank()) {
            applyRateLimits(rateLimitsHeader, now);
        } else if (status == 429) {
            long seconds = parseSeconds(retryAfterHeader);
            limitAll(now, seconds < 0 ? DEFAULT_RETRY_AFTER_SECONDS : seconds);
        }
    }

    /** @return whether items of {@code category} must not be sent now */
    synchronized boolean isLimited(DataCategory category) {
        int i = category.ordinal();
        if (!limited[i]) {
            return false;
        }
        if (limitedUntil[i] - nanoClock.getAsLong() > 0) {
            return true;
        }
        limited[i] = false;
        return false;
    }

    // retry_after:categories:scope[:reason_code[:namespaces]], comma separated
    private void applyRateLimits(String header, long now) {
        String text = header.length() > MAX_HEADER_LENGTH ? header.substring(0, MAX_HEADER_LENGTH) : header;
        for (String entry : text.split(",")) {
            String[] parts = entry.trim().split(":", -1);
            if (parts.length < 2) {
                continue;
            }
            long seconds = parseSeconds(parts[0]);
            if (seconds < 0) {
                continue;
            }
            String categories = parts[1].trim();
            if (categories.isEmpty()) {
                limitAll(now, seconds);
                continue;
            }
            for (String name : categories.split(";")) {
                DataCategory category = category(name.trim().toLowerCase(Locale.ROOT));
                if (category != null) {
                    limit(category, now, seconds);
                }
            }
        }
    }

    private void limitAll(long now, long seconds) {
        for (DataCategory category : CATEGORIES) {
            limit(category, now, seconds);
        }
    }

    // A shorter limit never shortens a longer one that is still running.
    private void limit(DataCategory category, long now, long seconds) {
        if (seconds == 0) {
            return;
        }
        int i = category.ordinal();
        long until = now + TimeUnit.SECONDS.toNanos(seconds);
        if (!limited[i] || until - limitedUntil[i] > 0) {
            limitedUntil[i] = until;
            limited[i] = true;
        }
    }

    private static DataCategory category(String wireName) {
        for (DataCategory category : CATEGORIES) {
            if (category.wireName().equals(wireName)) {
                return category;
            }
        }
        return null;
    }

    /** @return whole seconds (fractions rounded up), clamped; -1 when absent or not a number */
    static long parseSeconds(String value) {
        if (value == null) {
            return -1;
        }
        String text = value.trim();
        if (text.isEmpty() || text.length() > 32) {
            return -1;
        }
        try {
            double seconds = Double.parseDouble(text);
            if (Double.isNaN(seconds) || seconds < 0) {
                return -1;
            }
            return (long) Math.min(Math.ceil(seconds), MAX_RETRY_AFTER_SECONDS);
        } catch (NumberFormatException e) {
            // Retry-After may also be an HTTP date; Sentry sends seconds, so a date gets the default.
            return -1;
        }
    }
}
