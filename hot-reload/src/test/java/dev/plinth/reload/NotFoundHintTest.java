package dev.plinth.reload;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.reload.testing.PluginFiles;
import dev.plinth.reload.testing.RecordingListener;
import dev.plinth.reload.testing.Registries;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mistyped plugin name is answered with the serving plugin it was probably meant for. */
class NotFoundHintTest {

    @TempDir
    Path plugins;

    @Test
    void aMistypedNameIsPointedToTheClosestServingPlugin() {
        PluginFiles.copy(PluginFiles.sample("text-transformer"), plugins.resolve("text-transformer"));
        try (ReloadingRegistry registry = Registries.watching(plugins, new RecordingListener()).watch(false).build()) {
            registry.start();

            assertThatThrownBy(() -> registry.call("text_transformer", "shout", new byte[0]))
                    .isInstanceOf(PluginNotFoundException.class)
                    .hasMessage("no plugin named \"text_transformer\"; did you mean \"text-transformer\"?; serving: "
                            + "text-transformer");
            assertThatThrownBy(() -> registry.call("text-transfromer", "shout", new byte[0]))
                    .hasMessageContaining("did you mean \"text-transformer\"?");
            assertThatThrownBy(() -> registry.call("image-resizer", "shout", new byte[0]))
                    .hasMessage("no plugin named \"image-resizer\"; serving: text-transformer");
        }
    }
}
