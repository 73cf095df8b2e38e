package io.github.sentryjakarta.internal.engine;

import io.github.sentryjakarta.internal.propagation.TraceContext;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class DscFormatPropertiesTest {

    @Property(tries = 5000)
    void sampleRandIsWrittenAsBigDecimalWritesItFlooredToSixDecimals(@ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double raw) {
        double rand = Math.floor(raw * 1_000_000d) / 1_000_000d; // as TraceContext keeps it
        assertThat(TraceContext.formatRand(rand))
                .isEqualTo(BigDecimal.valueOf(rand).setScale(6, RoundingMode.FLOOR).toPlainString());
    }

    @Property(tries = 2000)
    void everyWholeNumberOfMillionthsIsWrittenExactly(@ForAll @IntRange(min = 0, max = 999_999) int micros) {
        double rand = micros / 1_000_000d;
        assertThat(TraceContext.formatRand(rand))
                .isEqualTo(BigDecimal.valueOf(rand).setScale(6, RoundingMode.FLOOR).toPlainString());
    }

    @Property(tries = 500)
    void sampleRateIsWrittenWithoutTrailingZerosWhateverRateCameBefore(
            @ForAll @DoubleRange(min = 0, max = 1) double first, @ForAll @DoubleRange(min = 0, max = 1) double rate) {
        TraceContext.formatRate(first);
        assertThat(TraceContext.formatRate(rate)).isEqualTo(BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString());
    }
}
