package dev.plinth.security.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyPairsTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReadsAPair() {
        KeyPairs.KeyPair pair = KeyPairs.generate();
        Path[] files = KeyPairs.write(pair, dir, "release");

        assertThat(files).containsExactly(dir.resolve("release.key"), dir.resolve("release.pub"));
        Ed25519PrivateKey key = KeyPairs.readPrivateKey(files[0]);
        Ed25519PublicKey pub = KeyPairs.readPublicKey(files[1]);
        assertThat(pub).isEqualTo(pair.publicKey()).isEqualTo(key.publicKey());
        assertThat(pub.id()).isEqualTo(pair.id()).matches("[0-9a-f]{16}");
        assertThat(key.pkcs8()).isEqualTo(pair.privateKey().pkcs8());
    }

    @Test
    void theFilesArePemAndThePublicOneNamesTheKey() throws IOException {
        KeyPairs.KeyPair pair = KeyPairs.generate();
        KeyPairs.write(pair, dir, "release");

        assertThat(Files.readString(dir.resolve("release.key"))).startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");
        assertThat(Files.readString(dir.resolve("release.pub")))
                .startsWith("# Plinth key \"release\": Ed25519 public key, id " + pair.id() + "\n"
                        + "-----BEGIN PUBLIC KEY-----\n")
                .endsWith("-----END PUBLIC KEY-----\n");
    }

    @Test
    void theKeyIdIsTheStartOfTheSha256OfTheDerPublicKey() throws Exception {
        Ed25519PublicKey pub = KeyPairs.generate().publicKey();
        byte[] der = pub.subjectPublicKeyInfo();
        assertThat(der).hasSize(44);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        assertThat(pub.id()).isEqualTo(sha.substring(0, 16));
    }

    @Test
    void thePrivateKeyIsReadableByItsOwnerOnly() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "not a POSIX file system");
        KeyPairs.write(KeyPairs.generate(), dir, "ops");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ops.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void neverOverwritesAKey() throws IOException {
        Files.writeString(dir.resolve("release.pub"), "keep me");

        assertThatThrownBy(() -> KeyPairs.write(KeyPairs.generate(), dir, "release"))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("release.pub");
        assertThat(dir.resolve("release.key")).as("nothing is written when either file exists").doesNotExist();
        assertThat(Files.readString(dir.resolve("release.pub"))).isEqualTo("keep me");
    }

    @Test
    void signaturesVerifyOnlyWithTheRightKeyAndMessage() {
        KeyPairs.KeyPair pair = KeyPairs.generate();
        byte[] message = "\0asm module bytes".getBytes(StandardCharsets.UTF_8);
        byte[] signature = pair.privateKey().sign(message);

        assertThat(signature).hasSize(64);
        assertThat(pair.publicKey().verify(message, signature)).isTrue();
        assertThat(KeyPairs.generate().publicKey().verify(message, signature)).isFalse();
        byte[] other = message.clone();
        other[3] ^= 1;
        assertThat(pair.publicKey().verify(other, signature)).isFalse();
        assertThat(pair.publicKey().verify(message, new byte[10])).isFalse();
    }

    @Test
    void rfc8032TestVectorOne() {
        // RFC 8032, section 7.1, TEST 1: the empty message
        HexFormat hex = HexFormat.of();
        byte[] pkcs8 = hex.parseHex("302e020100300506032b657004220420"
                + "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        Ed25519PrivateKey key = Ed25519PrivateKey.fromPkcs8(pkcs8, "vector");

        assertThat(hex.formatHex(key.publicKey().raw()))
                .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        assertThat(hex.formatHex(key.sign(new byte[0]))).isEqualTo("e5564300c360ac729086e2cc806e828a"
                + "84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    }

    @Test
    void readsKeysThatOpensslWrote() {
        OpenSsl.assumeAvailable();
        assertThat(OpenSsl.run(dir, "genpkey", "-algorithm", "ed25519", "-out", "o.key").status()).isZero();
        assertThat(OpenSsl.run(dir, "pkey", "-in", "o.key", "-pubout", "-out", "o.pub").status()).isZero();

        Ed25519PrivateKey key = KeyPairs.readPrivateKey(dir.resolve("o.key"));
        assertThat(KeyPairs.readPublicKey(dir.resolve("o.pub"))).isEqualTo(key.publicKey());
    }

    @Test
    void opensslReadsOurKeysAndComputesTheSameId() {
        OpenSsl.assumeAvailable();
        KeyPairs.KeyPair pair = KeyPairs.generate();
        KeyPairs.write(pair, dir, "p");

        OpenSsl.Run pub = OpenSsl.run(dir, "pkey", "-in", "p.key", "-pubout");
        assertThat(pub.status()).as(pub.output()).isZero();
        assertThat(pub.output()).isEqualTo(KeyPairs.publicKeyPem(pair.publicKey(), null)
                .substring(KeyPairs.publicKeyPem(pair.publicKey(), null).indexOf("-----BEGIN")));
        OpenSsl.Run der = OpenSsl.run(dir, "pkey", "-pubin", "-in", "p.pub", "-outform", "DER", "-out", "p.der");
        assertThat(der.status()).as(der.output()).isZero();
        assertThat(Ed25519PublicKey.idOf(read(dir.resolve("p.der")))).isEqualTo(pair.id());
    }

    @Test
    void tellsWhatIsWrongWithAKeyFile() throws IOException {
        KeyPairs.write(KeyPairs.generate(), dir, "k");
        Files.writeString(dir.resolve("notes.txt"), "hello\n");
        Files.writeString(dir.resolve("broken.pub"), "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n");
        // an X25519 key: right curve family, wrong algorithm
        Files.writeString(dir.resolve("x25519.pub"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getEncoder().encodeToString(concat(HexFormat.of().parseHex("302a300506032b656e032100"),
                        new byte[32]))
                + "\n-----END PUBLIC KEY-----\n");

        assertThatThrownBy(() -> KeyPairs.readPublicKey(dir.resolve("k.key")))
                .isInstanceOf(SigningFileException.class)
                .hasMessageContaining("k.key holds a PRIVATE KEY, not a PUBLIC KEY")
                .hasMessageContaining("never the private one");
        assertThatThrownBy(() -> KeyPairs.readPrivateKey(dir.resolve("k.pub")))
                .isInstanceOf(SigningFileException.class).hasMessageContaining("signing needs the private key");
        assertThatThrownBy(() -> KeyPairs.readPublicKey(dir.resolve("notes.txt")))
                .isInstanceOf(SigningFileException.class).hasMessageContaining("notes.txt is not a PEM file");
        assertThatThrownBy(() -> KeyPairs.readPublicKey(dir.resolve("broken.pub")))
                .isInstanceOf(SigningFileException.class).hasMessageContaining("broken.pub");
        assertThatThrownBy(() -> KeyPairs.readPublicKey(dir.resolve("x25519.pub")))
                .isInstanceOf(SigningFileException.class)
                .hasMessageContaining("x25519.pub holds a X25519 public key; Plinth signatures use Ed25519");
        assertThatThrownBy(() -> KeyPairs.readPublicKey(dir.resolve("missing.pub")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("missing.pub does not exist");
    }

    @Test
    void thePrivateKeyNeverShowsItsSecret() {
        Ed25519PrivateKey key = KeyPairs.generate().privateKey();
        assertThat(key.toString()).isEqualTo("Ed25519 private key for public key " + key.publicKey().id());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
