package dev.plinth.reload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.deploy.PluginEventType;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.reload.testing.RecordingListener;
import dev.plinth.reload.testing.Registries;
import dev.plinth.testing.MultiModuleWat;
import dev.plinth.testing.Wat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin made of several modules in a watched plugins folder: a change to a module other than
 * the entrypoint, in a sub-folder of the plugin, is a new version like a change to the entrypoint,
 * and a broken one never replaces the version that serves.
 */
class MultiModuleReloadTest {
    private static final String PLUGIN = "shout";

    /** The main module: outputs the library's memory from 0, its prefix, then the upper-cased input. */
    private static final String MAIN = MultiModuleWat.SHOUT_MAIN;

    /** The library: its memory starts with a four-byte {@code prefix}; it upper-cases in place. */
    private static byte[] library(String prefix) {
        return Wat.assemble(MultiModuleWat.upperLibrary(prefix));
    }

    @TempDir
    Path plugins;

    private final RecordingListener events = new RecordingListener();
    private ReloadingRegistry registry;

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    private String shout(String text) {
        return new String(registry.call(PLUGIN, "shout", text.getBytes(UTF_8)), UTF_8);
    }

    /** Writes a new file beside {@code target} and moves it over, as deployment tools do. */
    private static void replace(Path target, byte[] bytes) throws IOException {
        Path next = Files.write(target.resolveSibling("." + target.getFileName() + ".next"), bytes);
        Files.move(next, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aChangedLibraryModuleInASubFolderIsANewVersion() throws IOException {
        Path folder = Files.createDirectories(plugins.resolve(PLUGIN).resolve("lib"));
        Path plugin = folder.getParent();
        Files.writeString(plugin.resolve("plugin.toml"), """
                [plugin]
                name = "shout"
                version = "1.0.0"
                entrypoint = "main.wasm"

                [modules]
                lib = "lib/upper.wasm"
                """);
        Files.write(plugin.resolve("main.wasm"), Wat.assemble(MAIN));
        Path library = Files.write(folder.resolve("upper.wasm"), library("v1: "));
        registry = Registries.watching(plugins, events).build();
        registry.start();
        assertThat(shout("hi")).isEqualTo("v1: HI");
        String first = registry.find(PLUGIN).orElseThrow().sha256();

        replace(library, library("v2: "));
        events.await(PluginEventType.PROMOTED, PLUGIN, 2);
        assertThat(shout("hi")).as("the new library serves").isEqualTo("v2: HI");
        VersionInfo second = registry.find(PLUGIN).orElseThrow();
        assertThat(second.sha256()).as("the version's digest covers the library").isNotEqualTo(first);

        replace(library, new byte[] {0, 'a', 's', 'm', 9, 9});
        events.await(PluginEventType.FAILED, PLUGIN);
        assertThat(shout("still")).as("a broken library never replaces the version that serves")
                .isEqualTo("v2: STILL");
        assertThat(registry.history(PLUGIN).get(0).status()).isEqualTo(PluginStatus.FAILED);
        assertThat(registry.history(PLUGIN).get(0).lastError()).hasValueSatisfying(error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.INVALID_MODULE);
            assertThat(error.message()).contains("shout/lib/upper.wasm");
        });
    }
}
