package io.github.sentryjakarta.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.sentryjakarta.internal.outcome.DataCategory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimits limits = new RateLimits(now::get);

    private void advanceSeconds(long seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    /** Asserts that {@code category} stays limited {@code seconds} from now, and not one second longer. */
    private void assertLimitedForSeconds(DataCategory category, long seconds) {
        advanceSeconds(seconds - 1);
        assertThat(limits.isLimited(category)).as("limited after %d s", seconds - 1).isTrue();
        advanceSeconds(1);
        assertThat(limits.isLimited(category)).as("free after %d s", seconds).isFalse();
    }

    @Test
    void nothingIsLimitedAtFirst() {
        for (DataCategory category : DataCategory.values()) {
            assertThat(limits.isLimited(category)).isFalse();
        }
    }

    @Test
    void limitsOnlyTheNamedCategoriesUntilRetryAfterPasses() {
        limits.update(429, "60:span:organization", null);

        assertThat(limits.isLimited(DataCategory.SPAN)).isTrue();
        assertThat(limits.isLimited(DataCategory.TRANSACTION)).isFalse();
        assertThat(limits.isLimited(DataCategory.CLIENT_REPORT)).isFalse();
        assertLimitedForSeconds(DataCategory.SPAN, 60);
    }

    @Test
    void readsSeveralEntriesSemicolonCategoriesAndReasonCodes() {
        limits.update(200, "10:transaction;span:key:quota_exceeded, 30:client_report:organization:spike:ns", null);

        assertThat(limits.isLimited(DataCategory.SPAN)).isTrue();
        assertThat(limits.isLimited(DataCategory.TRANSACTION)).isTrue();
        assertThat(limits.isLimited(DataCategory.CLIENT_REPORT)).isTrue();
        advanceSeconds(10);
        assertThat(limits.isLimited(DataCategory.SPAN)).isFalse();
        assertThat(limits.isLimited(DataCategory.CLIENT_REPORT)).isTrue();
    }

    @Test
    void emptyCategoriesLimitEverything() {
        limits.update(429, "5::organization", "1000");

        for (DataCategory category : DataCategory.values()) {
            assertThat(limits.isLimited(category)).isTrue();
        }
        advanceSeconds(5);
        assertThat(limits.isLimited(DataCategory.SPAN)).isFalse();
    }

    @Test
    void bare429UsesRetryAfterForAllCategories() {
        limits.update(429, null, "120");

        assertThat(limits.isLimited(DataCategory.SPAN)).isTrue();
        assertThat(limits.isLimited(DataCategory.CLIENT_REPORT)).isTrue();
        assertLimitedForSeconds(DataCategory.TRANSACTION, 120);
    }

    @Test
    void bare429WithoutUsableRetryAfterBacksOffSixtySeconds() {
        limits.update(429, null, "Wed, 21 Oct 2015 07:28:00 GMT");

        assertLimitedForSeconds(DataCategory.SPAN, 60);
    }

    @Test
    void retryAfterWithoutA429IsIgnored() {
        limits.update(503, null, "120");

        assertThat(limits.isLimited(DataCategory.SPAN)).isFalse();
    }

    @Test
    void aShorterLimitDoesNotShortenALongerOne() {
        limits.update(429, "100:span:key", null);
        limits.update(200, "1:span:key", null);

        advanceSeconds(50);
        assertThat(limits.isLimited(DataCategory.SPAN)).isTrue();
    }

    @Test
    void hugeValuesAreClampedToADay() {
        limits.update(429, "99999999999999999999999:span:key", null);

        assertLimitedForSeconds(DataCategory.SPAN, RateLimits.MAX_RETRY_AFTER_SECONDS);
    }

    @Test
    void garbageIsIgnoredAndNeverThrows() {
        String[] garbage = {"", ",,,", "abc", "60", "-5:span:key", "NaN:span:key", "Infinity:span", ":span:key",
            "60:unknown_category:key", "x".repeat(100_000), "60:span", "\u0000:\uffff", "1e400:transaction:key"};
        for (String header : garbage) {
            assertThatCode(() -> limits.update(200, header, "garbage")).doesNotThrowAnyException();
        }
        assertThatCode(() -> limits.update(-1, null, null)).doesNotThrowAnyException();
        // "60:span" (no scope) still names a category and a time, as Sentry's SDKs read it
        assertThat(limits.isLimited(DataCategory.SPAN)).isTrue();
        assertThat(limits.isLimited(DataCategory.TRANSACTION)).isTrue();
        assertThat(limits.isLimited(DataCategory.CLIENT_REPORT)).isFalse();
    }

    @Test
    void fractionalSecondsRoundUp() {
        assertThat(RateLimits.parseSeconds("0.2")).isEqualTo(1);
        assertThat(RateLimits.parseSeconds(" 7 ")).isEqualTo(7);
        assertThat(RateLimits.parseSeconds("-1")).isEqualTo(-1);
        assertThat(RateLimits.parseSeconds(null)).isEqualTo(-1);
    }
}
