package dev.plinth.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.plinth.api.PluginError;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.PluginException;
import dev.plinth.testing.TestPlugins;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated modules and manifests through the real load path: every one is loaded or refused with a
 * typed error, none hangs, none escapes as an unexpected exception, and the host keeps serving.
 * Seeded, so a failure reproduces.
 */
class MutationFuzzTest {
    private static final int MODULES = 10_000;
    private static final int MANIFESTS = 1_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void tenThousandMutatedModulesAreLoadedOrRefusedWithATypedError() throws IOException {
        byte[] original = Wat.assemble(ExtismGuests.STATEFUL);
        Random random = new Random(20261122);
        int loaded = 0;
        try (PluginEngine engine = PluginEngine.builder().engine(EngineMode.INTERPRETED).fuel(1_000_000)
                .configOverride("greeting", "hi").build()) {
            for (int i = 0; i < MODULES; i++) {
                byte[] mutant = mutate(original, random);
                Path wasm = Files.write(dir.resolve("mutant.wasm"), mutant);
                try {
                    PluginVersion plugin = engine.load(wasm);
                    loaded++;
                    for (String function : plugin.exports()) {
                        callQuietly(plugin, function);
                    }
                    plugin.close();
                } catch (PluginException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                } catch (RuntimeException | Error unexpected) {
                    fail("mutant " + i + " escaped as " + unexpected, unexpected);
                }
            }
        }
        assertThat(loaded).as("some mutants still load and run").isPositive();
    }

    @Test
    @Timeout(300)
    void aThousandMutatedManifestsAreLoadedOrRefusedWithAnError() throws IOException {
        Path plugin = TestPlugins.copy(TestPlugins.sample("text-transformer"), dir, "text-transformer");
        String manifest = Files.readString(plugin.resolve("plugin.toml"));
        Random random = new Random(7);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            for (int i = 0; i < MANIFESTS; i++) {
                Files.writeString(plugin.resolve("plugin.toml"), mutate(manifest, random));
                VersionInfo info = host.load(plugin);
                if (!info.serving()) {
                    PluginError error = info.lastError().orElseThrow();
                    assertThat(error.message()).as("mutant %d", i).isNotBlank();
                }
                host.unload(info.name());
            }
            Files.writeString(plugin.resolve("plugin.toml"), manifest);
            assertThat(host.load(plugin).serving()).isTrue();
            assertThat(host.call("text-transformer", "echo", "ok".getBytes(StandardCharsets.UTF_8)))
                    .asString(StandardCharsets.UTF_8).isEqualTo("ok");
        }
    }

    private static void callQuietly(PluginVersion plugin, String function) {
        try {
            plugin.call(function, "input".getBytes(StandardCharsets.UTF_8));
        } catch (PluginException expected) {
            // traps, fuel, failures: all typed
        }
    }

    /** One to four byte flips, a truncation, or a duplicated range. */
    static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                return Arrays.copyOf(bytes, 8 + random.nextInt(bytes.length - 8));
            }
            case 1 -> {
                int from = random.nextInt(bytes.length);
                int length = 1 + random.nextInt(Math.min(32, bytes.length - from));
                byte[] grown = Arrays.copyOf(bytes, bytes.length + length);
                System.arraycopy(bytes, from, grown, from + length, bytes.length - from);
                return grown;
            }
            default -> {
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    int at = 8 + random.nextInt(bytes.length - 8);
                    bytes[at] = (byte) random.nextInt(256);
                }
                return bytes;
            }
        }
    }

    /** A changed character, a dropped line, or a duplicated line. */
    static String mutate(String text, Random random) {
        String[] lines = text.split("\n", -1);
        int line = random.nextInt(lines.length);
        switch (random.nextInt(3)) {
            case 0 -> {
                if (!lines[line].isEmpty()) {
                    char[] chars = lines[line].toCharArray();
                    chars[random.nextInt(chars.length)] = "=\"[]{}.#,x1 -_'\\".charAt(random.nextInt(16));
                    lines[line] = new String(chars);
                }
            }
            case 1 -> lines[line] = "";
            default -> lines[line] = lines[line] + "\n" + lines[line];
        }
        return String.join("\n", lines);
    }
}
