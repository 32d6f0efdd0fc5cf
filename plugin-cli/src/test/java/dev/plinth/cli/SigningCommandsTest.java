package dev.plinth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testing.TestPlugins;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plinth keygen}, {@code sign} and {@code verify}, and {@code call --signatures}, end to end
 * in-process on a copy of the text-transformer sample plugin.
 */
class SigningCommandsTest {
    @TempDir
    Path temp;

    private Path plugin;
    private Path wasm;

    @BeforeEach
    void copyPlugin() {
        plugin = TestPlugins.copyTree(Fixtures.samplePlugin("text-transformer"), temp.resolve("plugins").resolve("text-transformer"));
        wasm = plugin.resolve("text_transformer.wasm");
    }

    /** Runs keygen for {@code name} in the temp folder; returns the key id it printed. */
    private String keygen(String name) {
        Cli.Result r = Cli.run("keygen", temp.resolve(name).toString());
        assertThat(r.status()).as(r.toString()).isZero();
        return r.out().lines().filter(l -> l.startsWith("key id:")).findFirst().orElseThrow()
                .substring("key id:".length()).strip();
    }

    private Path key(String name) {
        return temp.resolve(name + ".key");
    }

    private Path pub(String name) {
        return temp.resolve(name + ".pub");
    }

    private Cli.Result sign(String keyName) {
        return Cli.run("sign", plugin.toString(), "--key", key(keyName).toString());
    }

    private Cli.Result verify(Path trust) {
        return Cli.run("verify", plugin.toString(), "--trust", trust.toString());
    }

    @Test
    void keygenWritesAPairAndPrintsItsId() throws IOException {
        Cli.Result r = Cli.run("keygen", temp.resolve("release").toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).contains("private key: " + key("release")).contains("public key:  " + pub("release"))
                .containsPattern("key id: +[0-9a-f]{16}");
        assertThat(Files.readString(key("release"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(pub("release"))).contains("-----BEGIN PUBLIC KEY-----");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key("release"))))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void keygenNeverOverwrites() throws IOException {
        keygen("release");
        String before = Files.readString(key("release"));

        Cli.Result r = Cli.run("keygen", temp.resolve("release").toString());

        assertThat(r.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.firstErrLine()).isEqualTo("plinth: " + key("release") + " already exists; keygen never"
                + " overwrites a key (choose another name, or move the old key away)");
        assertThat(Files.readString(key("release"))).isEqualTo(before);
    }

    @Test
    void keygenRefusesAnExtensionOrAMissingDirectory() {
        assertThat(Cli.run("keygen", temp.resolve("release.key").toString()).firstErrLine())
                .startsWith("plinth: give the key's name without .key or .pub");
        Cli.Result r = Cli.run("keygen", temp.resolve("nope").resolve("release").toString());
        assertThat(r.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.firstErrLine()).isEqualTo("plinth: no such directory: " + temp.resolve("nope"));
    }

    @Test
    void signThenVerify() {
        String id = keygen("release");

        Cli.Result signed = sign("release");
        assertThat(signed.status()).as(signed.toString()).isZero();
        assertThat(signed.out()).isEqualTo("signed " + wasm + " with key " + id + ": " + wasm + ".sig\n");
        assertThat(plugin.resolve("text_transformer.wasm.sig")).exists();

        Cli.Result verified = verify(pub("release"));
        assertThat(verified.status()).as(verified.toString()).isZero();
        assertThat(verified.out()).isEqualTo("verified: " + wasm + " is signed by trusted key " + id
                + " from release.pub\n");

        Cli.Result bare = Cli.run("verify", wasm.toString(), "--trust", temp.toString());
        assertThat(bare.status()).as("a bare .wasm and a directory of trusted keys: " + bare).isZero();
    }

    @Test
    void verifyRefusesATamperedModule() throws IOException {
        String id = keygen("release");
        sign("release");
        byte[] bytes = Files.readAllBytes(wasm);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(wasm, bytes);

        Cli.Result r = verify(pub("release"));

        assertThat(r.status()).isEqualTo(ExitCodes.CANNOT_LOAD).isEqualTo(4);
        assertThat(r.firstErrLine()).startsWith("plinth: signature: invalid: " + wasm).contains(id)
                .contains("changed after it was signed");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void verifyRefusesUnsignedUntrustedAndMalformed() throws IOException {
        keygen("release");
        String strangerId = keygen("stranger");

        Cli.Result unsigned = verify(pub("release"));
        assertThat(unsigned.status()).isEqualTo(ExitCodes.CANNOT_LOAD);
        assertThat(unsigned.firstErrLine()).isEqualTo("plinth: signature: unsigned: " + wasm
                + " is unsigned: there is no text_transformer.wasm.sig beside it");

        sign("stranger");
        Cli.Result untrusted = verify(pub("release"));
        assertThat(untrusted.status()).isEqualTo(ExitCodes.CANNOT_LOAD);
        assertThat(untrusted.firstErrLine()).startsWith("plinth: signature: untrusted-key: ")
                .contains("signed by key " + strangerId + ", which is not trusted");

        Files.writeString(plugin.resolve("text_transformer.wasm.sig"), "plinth-signature v1\nsignature: xyz\n");
        Cli.Result malformed = verify(pub("release"));
        assertThat(malformed.status()).isEqualTo(ExitCodes.CANNOT_LOAD);
        assertThat(malformed.firstErrLine()).startsWith("plinth: signature: invalid: malformed signature file ")
                .contains("text_transformer.wasm.sig");
    }

    @Test
    void signAndVerifyWantTheRightKindOfFile() {
        keygen("release");

        Cli.Result withPublic = Cli.run("sign", plugin.toString(), "--key", pub("release").toString());
        assertThat(withPublic.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(withPublic.firstErrLine()).contains("holds a PUBLIC KEY, not a PRIVATE KEY")
                .contains("signing needs the private key");

        Cli.Result trustPrivate = verify(key("release"));
        assertThat(trustPrivate.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(trustPrivate.firstErrLine()).contains("never the private one");

        Cli.Result manifest = Cli.run("sign", plugin.resolve("plugin.toml").toString(), "--key",
                key("release").toString());
        assertThat(manifest.status()).isEqualTo(ExitCodes.CANNOT_LOAD);
        assertThat(manifest.firstErrLine()).startsWith("plinth: invalid-module: ")
                .contains("is not a WebAssembly module");

        Cli.Result missing = Cli.run("verify", temp.resolve("nothing.wasm").toString(), "--trust",
                pub("release").toString());
        assertThat(missing.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("verify", plugin.toString()).firstErrLine()).contains("--trust");
    }

    @Test
    void callRequiresAValidSignatureWhenAsked() {
        keygen("release");

        Cli.Result unsigned = Cli.run("call", plugin.toString(), "echo", "--input", "hi", "--signatures", "require",
                "--trust", pub("release").toString());
        assertThat(unsigned.status()).isEqualTo(ExitCodes.CANNOT_LOAD);
        assertThat(unsigned.firstErrLine()).startsWith("plinth: signature: plugin text-transformer refused, a valid"
                + " signature is required (unsigned): ");
        assertThat(unsigned.stderr().lines()).as("one error line, nothing else: " + unsigned).hasSize(1);

        sign("release");
        Cli.Result signed = Cli.run("call", plugin.toString(), "echo", "--input", "hi", "--signatures", "require",
                "--trust", pub("release").toString());
        assertThat(signed.status()).as(signed.toString()).isZero();
        assertThat(signed.out()).isEqualTo("hi");
        assertThat(signed.stderr()).isEmpty();
    }

    @Test
    void callWarnsAndRunsAnUnsignedPluginUnderWarn() {
        keygen("release");

        Cli.Result r = Cli.run("call", plugin.toString(), "echo", "--input", "hi", "--signatures", "WARN",
                "--trust", pub("release").toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("hi");
        assertThat(r.stderr().lines()).singleElement().asString()
                .startsWith("plinth: warning: signature unsigned: ").endsWith("loaded anyway (signatures: warn)");
    }

    @Test
    void callSignatureOptionsGoTogether() {
        keygen("release");
        Path emptyDir = temp.resolve("empty");
        try {
            Files.createDirectories(emptyDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        Cli.Result trustAlone = Cli.run("call", plugin.toString(), "echo", "--trust", pub("release").toString());
        assertThat(trustAlone.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(trustAlone.firstErrLine()).isEqualTo("plinth: --trust takes effect only with --signatures warn or"
                + " --signatures require");

        Cli.Result requireAlone = Cli.run("call", plugin.toString(), "echo", "--signatures", "require");
        assertThat(requireAlone.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(requireAlone.firstErrLine()).contains("--signatures require needs the keys to trust");

        Cli.Result bogus = Cli.run("call", plugin.toString(), "echo", "--signatures", "sometimes");
        assertThat(bogus.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(bogus.firstErrLine()).contains("\"sometimes\" is not one of off, warn, require");

        Cli.Result noKeys = Cli.run("call", plugin.toString(), "echo", "--signatures", "require", "--trust",
                emptyDir.toString());
        assertThat(noKeys.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(noKeys.firstErrLine()).contains("holds no public key");
    }

    @Test
    void opensslVerifiesWhatPlinthSigned() throws IOException {
        Assumptions.assumeTrue(opensslAvailable(), "openssl is not installed");
        keygen("release");
        sign("release");
        String line = Files.readAllLines(plugin.resolve("text_transformer.wasm.sig")).stream()
                .filter(l -> l.startsWith("signature: ")).findFirst().orElseThrow();
        Path sig = Files.write(temp.resolve("sig.bin"),
                java.util.Base64.getDecoder().decode(line.substring("signature: ".length())));

        Process p = new ProcessBuilder("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pub("release").toString(),
                "-rawin", "-in", wasm.toString(), "-sigfile", sig.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            assertThat(p.waitFor()).as(out).isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(out).contains("Signature Verified Successfully");
    }

    private static boolean opensslAvailable() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            return p.waitFor() == 0 && out.startsWith("OpenSSL 3");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void helpListsTheSigningCommands() {
        Cli.Result r = Cli.run("help");
        assertThat(r.out()).contains("keygen").contains("sign").contains("verify");
        assertThat(Cli.run("help", "call").out()).contains("--signatures").contains("--trust");
    }

    @Test
    void everyModuleOfAPluginIsSignedAndVerified() throws IOException {
        keygen("release");
        Path lib = Files.write(plugin.resolve("helpers.wasm"), dev.plinth.testing.Wat.assemble(
                "(module (func (export \"f\")))"));
        Files.writeString(plugin.resolve("plugin.toml"), Files.readString(plugin.resolve("plugin.toml"))
                + "\n[modules]\nhelpers = \"helpers.wasm\"\n");

        Cli.Result signed = sign("release");
        assertThat(signed.status()).as(signed.toString()).isZero();
        assertThat(signed.out()).contains("signed " + wasm).contains("signed " + lib);
        assertThat(Path.of(lib + ".sig")).exists();
        Cli.Result verified = verify(pub("release"));
        assertThat(verified.status()).as(verified.toString()).isZero();
        assertThat(verified.out().lines().filter(line -> line.startsWith("verified: "))).hasSize(2);

        Files.write(lib, dev.plinth.testing.Wat.assemble("(module (func (export \"f\") nop))"));
        Cli.Result tampered = verify(pub("release"));
        assertThat(tampered.status()).as(tampered.toString()).isEqualTo(4);
        assertThat(tampered.stderr()).contains("signature").contains("helpers.wasm");
    }
}
