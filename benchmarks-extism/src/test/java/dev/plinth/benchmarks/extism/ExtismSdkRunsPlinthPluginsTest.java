package dev.plinth.benchmarks.extism;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.benchmarks.common.Checksum;
import dev.plinth.benchmarks.common.SampleText;
import org.extism.sdk.chicory.Plugin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Extism Java SDK runs plugins built with plinth-sdk and gets the right answers, so that the
 * benchmarks compare the two hosts on the same work.
 */
class ExtismSdkRunsPlinthPluginsTest {
    private static Plugin textTransformer;
    private static Plugin checksum;

    @BeforeAll
    static void build() {
        textTransformer = ExtismPlugins.compiled(ExtismPlugins.read(WasmFiles.textTransformer()));
        checksum = ExtismPlugins.compiled(ExtismPlugins.read(WasmFiles.checksum()));
    }

    @Test
    void echoReturnsItsInput() {
        byte[] text = SampleText.ascii(1024);
        byte[] allByteValues = new byte[256];
        for (int i = 0; i < allByteValues.length; i++) {
            allByteValues[i] = (byte) i;
        }

        assertThat(textTransformer.call("echo", text)).isEqualTo(text);
        assertThat(textTransformer.call("echo", allByteValues)).isEqualTo(allByteValues);
        assertThat(textTransformer.call("echo", new byte[0])).isEmpty();
    }

    @Test
    void countVowelsAnswersJsonAndKeepsItsTotalInAVariable() {
        Plugin plugin = ExtismPlugins.compiled(ExtismPlugins.read(WasmFiles.textTransformer()));
        byte[] hello = "Hello, World!".getBytes(UTF_8);
        byte[] text = SampleText.ascii(1024);

        assertThat(new String(plugin.call("count_vowels", hello), UTF_8))
                .isEqualTo("{\"count\":3,\"total\":3,\"vowels\":\"aeiouAEIOU\"}");
        assertThat(new String(plugin.call("count_vowels", text), UTF_8))
                .isEqualTo(ExpectedOutput.vowelCount(text, 3 + ExpectedOutput.vowels(text)));
    }

    @Test
    void checksumAgreesWithJava() {
        for (int size : new int[] {0, 13, 4096}) {
            byte[] generated = Checksum.generate(size);
            String expected = Checksum.hex(Checksum.fnv1a64(generated));

            assertThat(new String(checksum.call("fnv1a_generated", Integer.toString(size).getBytes(UTF_8)), UTF_8))
                    .as("fnv1a_generated of %d bytes", size)
                    .isEqualTo(expected);
            assertThat(new String(checksum.call("fnv1a", generated), UTF_8))
                    .as("fnv1a of %d bytes", size)
                    .isEqualTo(expected);
        }
    }
}
