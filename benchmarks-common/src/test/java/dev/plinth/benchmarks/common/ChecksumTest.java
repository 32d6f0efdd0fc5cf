package dev.plinth.benchmarks.common;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ChecksumTest {
    @Test
    void fnv1aMatchesThePublishedTestVectors() {
        assertThat(Checksum.hex(Checksum.fnv1a64(new byte[0]))).isEqualTo("cbf29ce484222325");
        assertThat(Checksum.hex(Checksum.fnv1a64("a".getBytes(UTF_8)))).isEqualTo("af63dc4c8601ec8c");
        assertThat(Checksum.hex(Checksum.fnv1a64("foobar".getBytes(UTF_8)))).isEqualTo("85944171f73967e8");
    }

    @Test
    void aPartialLastWordIsTheStartOfAFullOne() {
        assertThat(Checksum.generate(13)).isEqualTo(Arrays.copyOf(Checksum.generate(16), 13));
        assertThat(Checksum.generate(0)).isEmpty();
    }

    @Test
    void sampleTextIsTheSameBytesEveryTimeAndPrintable() {
        assertThat(SampleText.ascii(1024)).hasSize(1024).isEqualTo(SampleText.ascii(1024));
        for (byte b : SampleText.ascii(1024)) {
            assertThat(b).isBetween((byte) ' ', (byte) 'z');
        }
    }
}
