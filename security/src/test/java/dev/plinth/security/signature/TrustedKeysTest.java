package dev.plinth.security.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustedKeysTest {
    @TempDir
    Path dir;

    @Test
    void loadsEveryPubFileOfADirectoryAndNamedFiles() throws IOException {
        KeyPairs.KeyPair a = KeyPairs.generate();
        KeyPairs.KeyPair b = KeyPairs.generate();
        KeyPairs.KeyPair c = KeyPairs.generate();
        Path trusted = Files.createDirectories(dir.resolve("trusted"));
        KeyPairs.write(a, trusted, "a");
        KeyPairs.writePublicKey(trusted.resolve("b.pub"), b.publicKey(), "b");
        KeyPairs.writePublicKey(trusted.resolve("a-again.pub"), a.publicKey(), null);
        Files.writeString(trusted.resolve("README"), "not a key");
        Files.createDirectories(trusted.resolve("nested.pub"));
        Path single = dir.resolve("c.pem");
        KeyPairs.writePublicKey(single, c.publicKey(), "c");

        TrustedKeys keys = TrustedKeys.load(trusted, single);

        assertThat(keys.ids()).containsExactlyInAnyOrder(a.id(), b.id(), c.id());
        assertThat(keys.find(b.id())).contains(b.publicKey());
        assertThat(keys.origin(c.id())).contains(single);
        assertThat(keys.find("0000000000000000")).isEmpty();
        assertThat(keys.toString()).startsWith("trusted keys ");
    }

    @Test
    void aMissingOrBrokenKeyFileIsAnError() throws IOException {
        assertThatThrownBy(() -> TrustedKeys.load(dir.resolve("nope.pub"))).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("nope.pub");
        Files.writeString(dir.resolve("bad.pub"), "junk");
        assertThatThrownBy(() -> TrustedKeys.load(dir)).isInstanceOf(SigningFileException.class)
                .hasMessageContaining("bad.pub is not a PEM file");
    }

    @Test
    void combinesAndIsEmptyByDefault() {
        KeyPairs.KeyPair a = KeyPairs.generate();
        assertThat(TrustedKeys.none().isEmpty()).isTrue();
        assertThat(TrustedKeys.none().and(TrustedKeys.of(a.publicKey())).ids()).containsExactly(a.id());
    }
}
