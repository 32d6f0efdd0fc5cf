package dev.plinth.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.host.PluginHost;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The Java side of the compute comparison does exactly what the checksum plugin does. */
class JavaChecksumTest {
    @Test
    void fnv1aMatchesThePublishedTestVectors() {
        assertThat(JavaChecksum.hex(JavaChecksum.fnv1a64(new byte[0]))).isEqualTo("cbf29ce484222325");
        assertThat(JavaChecksum.hex(JavaChecksum.fnv1a64("a".getBytes(UTF_8)))).isEqualTo("af63dc4c8601ec8c");
        assertThat(JavaChecksum.hex(JavaChecksum.fnv1a64("foobar".getBytes(UTF_8)))).isEqualTo("85944171f73967e8");
    }

    @Test
    void aPartialLastWordIsTheStartOfAFullOne() {
        assertThat(JavaChecksum.generate(13)).isEqualTo(Arrays.copyOf(JavaChecksum.generate(16), 13));
        assertThat(JavaChecksum.generate(0)).isEmpty();
    }

    @Test
    void thePluginGeneratesAndHashesTheSameBytes() {
        try (PluginHost host = PluginHost.builder().build()) {
            host.load(SamplePlugins.bench("checksum"));
            for (int n : new int[] {0, 1, 13, 4096, 100_003}) {
                byte[] bytes = JavaChecksum.generate(n);
                String expected = JavaChecksum.hex(JavaChecksum.fnv1a64(bytes));

                assertThat(new String(host.call("checksum", "fnv1a_generated", Integer.toString(n).getBytes(UTF_8)), UTF_8))
                        .as("fnv1a_generated(%d)", n).isEqualTo(expected);
                assertThat(new String(host.call("checksum", "fnv1a", bytes), UTF_8)).as("fnv1a of %d bytes", n)
                        .isEqualTo(expected);
            }
        }
    }
}
