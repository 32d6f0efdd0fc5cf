package dev.plinth.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ScoreUnitTest {
    private static final ScoreUnit MICROS_PER_OP = ScoreUnit.parse("us/op");
    private static final ScoreUnit MILLIS_PER_OP = ScoreUnit.parse("ms/op");
    private static final ScoreUnit OPS_PER_MILLI = ScoreUnit.parse("ops/ms");

    @Test
    void readsJmhNotation() {
        assertThat(MICROS_PER_OP).isEqualTo(new ScoreUnit(false, TimeUnit.MICROSECONDS));
        assertThat(OPS_PER_MILLI).isEqualTo(new ScoreUnit(true, TimeUnit.MILLISECONDS));
        assertThat(ScoreUnit.parse("s/op").symbol()).isEqualTo("s/op");
        assertThat(MICROS_PER_OP.symbol()).isEqualTo("µs/op");
        assertThat(OPS_PER_MILLI.symbol()).isEqualTo("ops/ms");
    }

    @Test
    void rejectsWhatIsNotAScoreUnit() {
        assertThatThrownBy(() -> ScoreUnit.parse("furlongs/fortnight")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScoreUnit.parse("ms")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void convertsBetweenTimes() {
        assertThat(MICROS_PER_OP.convert(1500, MILLIS_PER_OP)).isCloseTo(1.5, within(1e-12));
        assertThat(MILLIS_PER_OP.convert(new Estimate(2, 0.5), MICROS_PER_OP)).satisfies(estimate -> {
            assertThat(estimate.value()).isCloseTo(2000, within(1e-9));
            assertThat(estimate.error()).isCloseTo(500, within(1e-9));
        });
    }

    @Test
    void invertsBetweenThroughputAndTime() {
        assertThat(OPS_PER_MILLI.convert(4, MICROS_PER_OP)).isCloseTo(250, within(1e-9));
        assertThat(MICROS_PER_OP.convert(250, OPS_PER_MILLI)).isCloseTo(4, within(1e-9));
        assertThat(OPS_PER_MILLI.convert(4, ScoreUnit.parse("ops/s"))).isCloseTo(4000, within(1e-9));
        // 4 ± 0.4 ops/ms is 250 µs/op ± 25 to first order: the relative error carries over.
        assertThat(OPS_PER_MILLI.convert(new Estimate(4, 0.4), MICROS_PER_OP).error()).isCloseTo(25, within(1e-9));
    }
}
