package dev.plinth.security.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.SignatureException;
import dev.plinth.api.file.PluginFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignatureVerifierTest {
    private static final byte[] MODULE = "\0asm\1\0\0\0 pretend this is a whole plugin".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private KeyPairs.KeyPair release;
    private SignatureVerifier verifier;
    private Path wasm;

    @BeforeEach
    void setUp() throws IOException {
        release = KeyPairs.generate();
        verifier = new SignatureVerifier(TrustedKeys.of(release.publicKey()));
        wasm = Files.write(dir.resolve("plugin.wasm"), MODULE);
    }

    private Path sign(KeyPairs.KeyPair pair) {
        return new Signer(pair.privateKey()).sign(wasm);
    }

    @Test
    void aSignedModuleVerifies() {
        Path sig = sign(release);

        assertThat(sig).isEqualTo(dir.resolve("plugin.wasm.sig"));
        SignatureCheck check = verifier.check(wasm);
        assertThat(check.state()).isEqualTo(SignatureState.VERIFIED);
        assertThat(check.keyId()).contains(release.id());
        assertThat(check.detail()).contains("plugin.wasm is signed by trusted key " + release.id());
        assertThat(SignatureVerifier.enforce(SignatureMode.REQUIRE, check, "p")).isSameAs(check);
    }

    @Test
    void aModuleChangedAfterSigningIsInvalid() throws IOException {
        sign(release);
        byte[] tampered = MODULE.clone();
        tampered[20] ^= 0x01;
        Files.write(wasm, tampered);

        SignatureCheck check = verifier.check(wasm);
        assertThat(check.state()).isEqualTo(SignatureState.INVALID);
        assertThat(check.keyId()).contains(release.id());
        assertThat(check.detail()).contains(wasm.toString()).contains(release.id())
                .contains("the module was changed after it was signed");
        assertThatThrownBy(() -> SignatureVerifier.enforce(SignatureMode.REQUIRE, check, "my-plugin"))
                .isInstanceOfSatisfying(SignatureException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE);
                    assertThat(e.getMessage()).startsWith("plugin my-plugin refused, a valid signature is required"
                            + " (invalid): ").contains("plugin.wasm").contains(release.id());
                });
    }

    @Test
    void theBytesGivenAreWhatIsVerifiedNotTheFileOnDisk() {
        sign(release);
        byte[] other = MODULE.clone();
        other[9] ^= 0x40;

        assertThat(verifier.check(wasm, other).state()).isEqualTo(SignatureState.INVALID);
        assertThat(verifier.check(wasm, MODULE).state()).isEqualTo(SignatureState.VERIFIED);
    }

    @Test
    void anAlteredSignatureIsInvalid() throws IOException {
        Path sig = sign(release);
        SignatureFile original = SignatureFile.parse(Files.readString(sig), "sig");
        byte[] bytes = original.signature();
        bytes[0] ^= 0x01;
        Files.writeString(sig, new SignatureFile(original.keyId(), original.sha256(), bytes).format());

        SignatureCheck check = verifier.check(wasm);
        assertThat(check.state()).isEqualTo(SignatureState.INVALID);
        assertThat(check.detail()).contains("does not verify with trusted key " + release.id())
                .contains("plugin.wasm.sig");
    }

    @Test
    void aSignatureByAnUntrustedKeyIsNotAccepted() {
        KeyPairs.KeyPair stranger = KeyPairs.generate();
        sign(stranger);

        SignatureCheck check = verifier.check(wasm);
        assertThat(check.state()).isEqualTo(SignatureState.UNTRUSTED_KEY);
        assertThat(check.keyId()).contains(stranger.id());
        assertThat(check.detail()).contains("signed by key " + stranger.id() + ", which is not trusted (trusted: "
                + release.id() + ")");
        assertThatThrownBy(() -> SignatureVerifier.enforce(SignatureMode.REQUIRE, check, "p"))
                .isInstanceOf(SignatureException.class).hasMessageContaining("(untrusted-key)");
        assertThat(new SignatureVerifier(TrustedKeys.none()).check(wasm).detail()).contains("no key is trusted");
    }

    @Test
    void anUnsignedModuleIsUnsigned() {
        SignatureCheck check = verifier.check(wasm);

        assertThat(check.state()).isEqualTo(SignatureState.UNSIGNED);
        assertThat(check.keyId()).isEmpty();
        assertThat(check.detail()).isEqualTo(wasm + " is unsigned: there is no plugin.wasm.sig beside it");
    }

    @Test
    void aMalformedSignatureFileIsInvalidWithAClearReason() throws IOException {
        Files.writeString(dir.resolve("plugin.wasm.sig"), "signed, trust me\n");

        SignatureCheck check = verifier.check(wasm);
        assertThat(check.state()).isEqualTo(SignatureState.INVALID);
        assertThat(check.detail()).startsWith("malformed signature file " + dir.resolve("plugin.wasm.sig")
                + ", line 1: expected \"plinth-signature v1\"");

        Files.write(dir.resolve("plugin.wasm.sig"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertThat(verifier.check(wasm).detail()).contains("it is not text");

        Files.write(dir.resolve("plugin.wasm.sig"), new byte[SignatureFile.MAX_SIZE + 1]);
        assertThat(verifier.check(wasm).detail()).contains("plugin.wasm.sig: too large: 16385 bytes")
                .contains("more than the signature file limit (16KB)");
    }

    @Test
    void warnAllowsAndOffDoesNotLook() throws IOException {
        Files.writeString(dir.resolve("plugin.wasm.sig"), "garbage");

        SignatureCheck warned = verifier.verify(SignatureMode.WARN, "p", wasm, MODULE);
        assertThat(warned.state()).isEqualTo(SignatureState.INVALID);
        assertThat(verifier.verify(SignatureMode.OFF, "p", wasm, MODULE))
                .isEqualTo(new SignatureCheck(SignatureState.UNCHECKED, Optional.empty(),
                        "signatures are not checked (off)"));
        assertThat(SignatureVerifier.enforce(SignatureMode.OFF, warned, "p").state())
                .isEqualTo(SignatureState.UNCHECKED);
        assertThatThrownBy(() -> verifier.verify(SignatureMode.REQUIRE, "p", wasm, MODULE))
                .isInstanceOf(SignatureException.class).hasMessageContaining("malformed signature file");
    }

    @Test
    void requireRefusesAnUnsignedModuleNamingIt() {
        assertThatThrownBy(() -> verifier.verify(SignatureMode.REQUIRE, "p", wasm, MODULE))
                .isInstanceOf(SignatureException.class)
                .hasMessage("plugin p refused, a valid signature is required (unsigned): " + wasm
                        + " is unsigned: there is no plugin.wasm.sig beside it");
    }

    @Test
    void resigningReplacesTheSignature() {
        KeyPairs.KeyPair next = KeyPairs.generate();
        sign(KeyPairs.generate());
        sign(next);

        SignatureCheck check = new SignatureVerifier(TrustedKeys.of(next.publicKey())).check(wasm);
        assertThat(check.state()).isEqualTo(SignatureState.VERIFIED);
    }

    @Test
    void opensslVerifiesOurSignaturesOverTheWasmBytes() throws IOException {
        OpenSsl.assumeAvailable();
        KeyPairs.write(release, dir, "release");
        Path sig = sign(release);
        SignatureFile parsed = SignatureFile.parse(Files.readString(sig), "sig");
        Files.write(dir.resolve("sig.bin"), parsed.signature());

        OpenSsl.Run run = OpenSsl.run(dir, "pkeyutl", "-verify", "-pubin", "-inkey", "release.pub", "-rawin",
                "-in", "plugin.wasm", "-sigfile", "sig.bin");
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains("Signature Verified Successfully");
    }

    @Test
    void weVerifySignaturesMadeByOpenssl() throws IOException {
        OpenSsl.assumeAvailable();
        assertThat(OpenSsl.run(dir, "genpkey", "-algorithm", "ed25519", "-out", "o.key").status()).isZero();
        OpenSsl.Run run = OpenSsl.run(dir, "pkeyutl", "-sign", "-inkey", "o.key", "-rawin", "-in", "plugin.wasm",
                "-out", "o.sig.bin");
        assertThat(run.status()).as(run.output()).isZero();
        Ed25519PublicKey pub = KeyPairs.readPrivateKey(dir.resolve("o.key")).publicKey();
        Files.writeString(dir.resolve("plugin.wasm.sig"), new SignatureFile(pub.id(), SignatureFile.sha256Hex(MODULE),
                Files.readAllBytes(dir.resolve("o.sig.bin"))).format());

        assertThat(new SignatureVerifier(TrustedKeys.of(pub)).check(wasm).state()).isEqualTo(SignatureState.VERIFIED);
    }

    @Test
    void aSignatureFileThatIsAFifoALinkToDevZeroOrALinkOutOfTheFolderIsInvalidAtOnce() throws Exception {
        Path sig = dir.resolve("plugin.wasm.sig");
        Process mkfifo = new ProcessBuilder("mkfifo", sig.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        PluginFolder folder = PluginFolder.holding(wasm, false);

        long started = System.nanoTime();
        SignatureCheck fifo = verifier.check(wasm, MODULE, folder);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(millis).as("no hang on the FIFO").isLessThan(2_000);
        assertThat(fifo.state()).isEqualTo(SignatureState.INVALID);
        assertThat(fifo.detail()).isEqualTo("unreadable signature file " + sig + ": a FIFO (named pipe), not a"
                + " regular file; plugin files are read only from regular files");
        assertThatThrownBy(() -> SignatureVerifier.enforce(SignatureMode.REQUIRE, fifo, "p"))
                .isInstanceOfSatisfying(SignatureException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE))
                .hasMessageContaining("a FIFO (named pipe)");

        Files.delete(sig);
        Files.createSymbolicLink(sig, Path.of("/dev/zero"));
        assertThat(verifier.check(wasm, MODULE, PluginFolder.holding(wasm, true)).detail())
                .contains("a symbolic link to /dev/zero, which is a character device, not a regular file");
        assertThat(verifier.check(wasm, MODULE, folder).detail()).contains("outside the plugins folder");
    }
}
