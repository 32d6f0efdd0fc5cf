package dev.plinth.api.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

    @ParameterizedTest
    @CsvSource({
        "30s, PT30S",
        "30 s, PT30S",
        "30S, PT30S",
        "500ms, PT0.5S",
        "2m, PT2M",
        "1h, PT1H",
        "1d, PT24H",
        "250us, PT0.00025S",
        "250µs, PT0.00025S",
        "10ns, PT0.00000001S",
        "1.5s, PT1.5S",
        "0.25ms, PT0.00025S",
        "1.5h, PT1H30M",
        "0, PT0S",
        "0s, PT0S",
        "PT30S, PT30S",
        "pt1m30s, PT1M30S",
        "P1D, PT24H",
    })
    void parsesDurations(String text, String iso) {
        assertThat(DurationText.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "30x", "", "s", "1h30m", "1.5.0s", ".5s", "1e3ms", "P1Y", "PT", "thirty seconds"})
    void rejectsWhatIsNotADuration(String text) {
        assertThatThrownBy(() -> DurationText.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("\"" + text + "\" is not a duration")
                .hasMessageContaining("e.g. \"30s\"");
    }

    @Test
    void rejectsNegativesAndFractionalNanosAndOverflow() {
        assertThatThrownBy(() -> DurationText.parse("-5s")).hasMessageContaining("negative");
        assertThatThrownBy(() -> DurationText.parse("PT-5S")).hasMessageContaining("negative");
        assertThatThrownBy(() -> DurationText.parse("1.5ns")).hasMessageContaining("whole number of nanoseconds");
        assertThatThrownBy(() -> DurationText.parse("999999999999999999999999d")).hasMessageContaining("too long");
        assertThatThrownBy(() -> DurationText.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesTheLongestDuration() {
        assertThat(DurationText.parse(Long.MAX_VALUE + "s")).isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(DurationText.parse("106751991167300d")).isEqualTo(Duration.ofDays(106751991167300L));
    }

    @ParameterizedTest
    @CsvSource({"PT30S, 30s", "PT1.5S, 1500ms", "PT0S, 0s", "PT1H30M, 90m", "PT48H, 2d", "PT0.00025S, 250us",
        "PT0.000000001S, 1ns", "PT1.000000001S, 1000000001ns", "PT-30S, -30s"})
    void formatsCompactly(String iso, String text) {
        Duration d = Duration.parse(iso);
        assertThat(DurationText.format(d)).isEqualTo(text);
        if (!d.isNegative()) {
            assertThat(DurationText.parse(text)).isEqualTo(d);
        }
    }
}
