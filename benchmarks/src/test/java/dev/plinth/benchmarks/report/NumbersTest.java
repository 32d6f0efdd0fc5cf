package dev.plinth.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumbersTest {
    @Test
    void writesThreeSignificantDigits() {
        assertThat(Numbers.format(3.6543)).isEqualTo("3.65");
        assertThat(Numbers.format(50.71)).isEqualTo("50.7");
        assertThat(Numbers.format(0.043217)).isEqualTo("0.0432");
        assertThat(Numbers.format(1234.5)).isEqualTo("1235");
    }

    @Test
    void writesAnErrorWithItsValuesDecimals() {
        assertThat(Numbers.withError(3.6543, 0.7123)).isEqualTo("3.65 ± 0.71");
        assertThat(Numbers.withError(50.7, Double.NaN)).isEqualTo("50.7");
        assertThat(Numbers.error(50.7, Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void writesTargetsAsRoundNumbers() {
        assertThat(Numbers.plain(5)).isEqualTo("5");
        assertThat(Numbers.plain(1 / (1 / 1.5))).isEqualTo("1.5");
        assertThat(Numbers.plainPercent(0.15)).isEqualTo("+15%");
    }

    @Test
    void signsPercentagesBothWays() {
        assertThat(Numbers.percent(0.542)).isEqualTo("+54.2%");
        assertThat(Numbers.percent(-0.031)).isEqualTo("−3.10%");
    }

    @Test
    void saysASpeedUpBelowOneAsSlower() {
        assertThat(Numbers.speedUp(new Estimate(7.31, 0.52))).isEqualTo("7.31× faster ± 0.52");
        assertThat(Numbers.speedUp(new Estimate(0.5, 0.05))).isEqualTo("2.00× slower ± 0.20");
        assertThat(Numbers.speedUpTarget(5)).isEqualTo("≥ 5× faster");
        assertThat(Numbers.speedUpTarget(1 / 1.5)).isEqualTo("≤ 1.5× slower");
    }
}
