package dev.plinth.reload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.plinth.reload.testing.PluginFiles;
import dev.plinth.reload.testing.RecordingListener;
import dev.plinth.reload.testing.Registries;
import dev.plinth.testing.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The line a registry logs when it starts says how many plugins serve and how many failed, not
 * how many sources it found; and a folder it creates is announced once, without a warning first.
 */
class StartupSummaryTest {

    @TempDir
    Path root;

    @Test
    void theSummaryCountsFailedPluginsApartFromLoadedOnes() throws IOException {
        Path plugins = root.resolve("plugins");
        PluginFiles.copy(PluginFiles.sample("text-transformer"), plugins.resolve("text-transformer"));
        Path broken = Files.createDirectories(plugins.resolve("broken"));
        Files.writeString(broken.resolve("plugin.toml"), "[plugin]\nname = \"broken\"\nversion = \"0.1.0\"\n", UTF_8);
        Files.write(broken.resolve("broken.wasm"), "not a module".getBytes(UTF_8));

        try (LogCapture log = LogCapture.of(ReloadingRegistry.class.getName(), Level.INFO);
                ReloadingRegistry registry = Registries.watching(plugins, new RecordingListener()).watch(false).build()) {
            registry.start();

            assertThat(log.messages(Level.INFO)).anySatisfy(line -> assertThat(line)
                    .endsWith(": 1 plugin(s) loaded, 1 failed (see above)"));
        }
    }

    @Test
    void aFolderThatIsMissingIsCreatedAndSaidSoOnceWithoutAWarning() {
        Path plugins = root.resolve("not-yet");

        try (LogCapture log = LogCapture.of(ReloadingRegistry.class.getName(), Level.INFO);
                ReloadingRegistry registry = Registries.watching(plugins, new RecordingListener()).build()) {
            registry.start();

            assertThat(Files.isDirectory(plugins)).isTrue();
            assertThat(log.messages(Level.WARN)).isEmpty();
            assertThat(log.messages(Level.INFO)).anySatisfy(line -> assertThat(line).contains("created it"))
                    .anySatisfy(line -> assertThat(line).endsWith(": 0 plugin(s) loaded; watching for changes"));
        }
    }
}
