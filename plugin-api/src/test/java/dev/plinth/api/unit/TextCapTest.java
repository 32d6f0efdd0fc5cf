package dev.plinth.api.unit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginError;
import dev.plinth.api.error.PluginFailureException;
import org.junit.jupiter.api.Test;

class TextCapTest {

    @Test
    void shortTextIsLeftAlone() {
        assertThat(TextCap.chars("abc", 3)).isEqualTo("abc");
        assertThat(TextCap.chars("", 0)).isEmpty();
        assertThat(TextCap.utf8("abc".getBytes(UTF_8), 3, 3)).isEqualTo("abc");
    }

    @Test
    void longTextIsCutAndMarked() {
        assertThat(TextCap.chars("abcdef", 3)).isEqualTo("abc… (cut: 6 chars in all)");
        assertThat(TextCap.utf8("abcdef".getBytes(UTF_8), 3, 4_194_304)).isEqualTo("abc… (cut: 4194304 bytes in all)");
        assertThat(TextCap.bytesMark(7)).isEqualTo("… (cut: 7 bytes in all)");
        assertThatThrownBy(() -> TextCap.chars("x", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TextCap.utf8(new byte[2], 3, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCutNeverSplitsACharacter() {
        String emoji = "a\uD83D\uDE00b"; // a, one code point in two chars, b
        assertThat(TextCap.chars(emoji, 2)).startsWith("a…");
        assertThat(TextCap.chars(emoji, 3)).startsWith("a\uD83D\uDE00…");
        byte[] text = "aé€😀".getBytes(UTF_8); // 1 + 2 + 3 + 4 bytes
        assertThat(TextCap.utf8(text, 1, text.length)).startsWith("a…");
        assertThat(TextCap.utf8(text, 2, text.length)).startsWith("a…");
        assertThat(TextCap.utf8(text, 3, text.length)).startsWith("aé…");
        assertThat(TextCap.utf8(text, 5, text.length)).startsWith("aé…");
        assertThat(TextCap.utf8(text, 6, text.length)).startsWith("aé€…");
        assertThat(TextCap.utf8(text, 9, text.length)).startsWith("aé€…");
        assertThat(TextCap.utf8(text, 0, text.length)).startsWith("…");
        assertThat(TextCap.utf8(text, text.length, text.length)).isEqualTo("aé€😀");
    }

    @Test
    void aRememberedErrorIsBounded() {
        PluginFailureException huge = new PluginFailureException("p", "f", 1, "x".repeat(1 << 20));
        assertThat(PluginError.of(huge).message()).hasSizeLessThan(PluginError.DEFAULT_MAX_MESSAGE_CHARS + 40)
                .startsWith("p.f failed (return code 1): xxx").endsWith("(cut: " + huge.getMessage().length()
                        + " chars in all)");
        assertThat(PluginError.of(huge, 10).message()).isEqualTo("p.f failed… (cut: " + huge.getMessage().length()
                + " chars in all)");
    }
}
