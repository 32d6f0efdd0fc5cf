package dev.plinth.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.benchmarks.common.Checksum;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import org.junit.jupiter.api.Test;

/** The Java side of the compute comparison does exactly what the checksum plugin does. */
class ChecksumPluginTest {
    @Test
    void thePluginGeneratesAndHashesTheSameBytes() {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            host.load(SamplePlugins.bench("checksum"));
            for (int n : new int[] {0, 1, 13, 4096, 100_003}) {
                byte[] bytes = Checksum.generate(n);
                String expected = Checksum.hex(Checksum.fnv1a64(bytes));

                assertThat(new String(host.call("checksum", "fnv1a_generated", Integer.toString(n).getBytes(UTF_8)), UTF_8))
                        .as("fnv1a_generated(%d)", n).isEqualTo(expected);
                assertThat(new String(host.call("checksum", "fnv1a", bytes), UTF_8)).as("fnv1a of %d bytes", n)
                        .isEqualTo(expected);
            }
        }
    }
}
