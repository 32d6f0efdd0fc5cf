package dev.plinth.host;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.testing.TestPlugins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A call to a name no plugin has is answered with the serving plugin it was probably meant for: a
 * bare {@code text_transformer.wasm} serves as {@code text-transformer}, and a caller who uses the
 * file's name is told so.
 */
class NotFoundHintTest {
    private PluginHost host;

    @BeforeEach
    void load() {
        host = PluginHost.withDefaults();
        host.load(TestPlugins.samples().resolve("text-transformer"));
    }

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void theFileNameSpellingIsPointedToThePluginName() {
        assertThatThrownBy(() -> host.call("text_transformer", "shout", new byte[0]))
                .isInstanceOf(PluginNotFoundException.class)
                .hasMessage("no plugin named \"text_transformer\"; did you mean \"text-transformer\"?; serving: "
                        + "text-transformer");
    }

    @Test
    void aNameLikeNoneGetsNoGuess() {
        assertThatThrownBy(() -> host.call("image-resizer", "shout", new byte[0]))
                .isInstanceOf(PluginNotFoundException.class)
                .hasMessage("no plugin named \"image-resizer\"; serving: text-transformer");
    }
}
