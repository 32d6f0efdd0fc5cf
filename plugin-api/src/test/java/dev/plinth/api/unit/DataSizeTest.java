package dev.plinth.api.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DataSizeTest {

    @ParameterizedTest
    @CsvSource({
        "64MB, 67108864",
        "64 MB, 67108864",
        "128MiB, 134217728",
        "512KB, 524288",
        "512kb, 524288",
        "512Kib, 524288",
        "1GB, 1073741824",
        "1gib, 1073741824",
        "1024B, 1024",
        "1024b, 1024",
        "1024, 1024",
        "0, 0",
        "'  2 TB ', 2199023255552",
        "8589934591GB, 9223372035781033984",
    })
    void parsesSizes(String text, long bytes) {
        assertThat(DataSize.parse(text).bytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12XB", "", "MB", "64 M B", "0x10MB", "64MBs", "1e3B", "sixty"})
    void rejectsWhatIsNotASize(String text) {
        assertThatThrownBy(() -> DataSize.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"" + text + "\" is not a size; use a number with B, KB, MB or GB, e.g. \"64MB\"");
    }

    @Test
    void rejectsNegativesFractionsAndOverflow() {
        assertThatThrownBy(() -> DataSize.parse("-1MB")).hasMessageContaining("\"-1MB\"").hasMessageContaining("negative");
        assertThatThrownBy(() -> DataSize.parse("1.5GB")).hasMessageContaining("\"1.5GB\"").hasMessageContaining("fractions");
        assertThatThrownBy(() -> DataSize.parse("8589934592GB")).hasMessageContaining("too large");
        assertThatThrownBy(() -> DataSize.parse("99999999999999999999")).hasMessageContaining("too large");
        assertThatThrownBy(() -> DataSize.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DataSize(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void factoriesAndConversions() {
        assertThat(DataSize.ofKilobytes(2).toBytes()).isEqualTo(2048);
        assertThat(DataSize.ofMegabytes(3)).isEqualTo(DataSize.ofBytes(3L * 1024 * 1024));
        assertThat(DataSize.ofGigabytes(4).toMegabytes()).isEqualTo(4096);
        assertThat(DataSize.ofBytes(1500).toKilobytes()).isEqualTo(1);
        assertThat(DataSize.ofMegabytes(1)).isGreaterThan(DataSize.ofKilobytes(1023));
        assertThatThrownBy(() -> DataSize.ofGigabytes(Long.MAX_VALUE)).isInstanceOf(ArithmeticException.class);
    }

    @ParameterizedTest
    @CsvSource({"0, 0B", "1, 1B", "1023, 1023B", "1024, 1KB", "1536, 1536B", "1572864, 1536KB",
        "67108864, 64MB", "1073741824, 1GB", "4294967296, 4GB", "1099511627776, 1TB"})
    void printsTheLargestExactUnit(long bytes, String text) {
        assertThat(DataSize.ofBytes(bytes)).hasToString(text);
        assertThat(DataSize.parse(text).bytes()).isEqualTo(bytes);
    }
}
