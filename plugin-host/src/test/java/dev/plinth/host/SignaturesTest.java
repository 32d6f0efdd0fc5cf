package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginError;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.security.signature.KeyPairs;
import dev.plinth.security.signature.SignatureMode;
import dev.plinth.security.signature.Signer;
import dev.plinth.security.signature.TrustedKeys;
import dev.plinth.testing.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Module signatures at load, through {@link PluginHost} with the real sample plugins: what each
 * mode does with a verified, tampered, unsigned, foreign-signed and garbled module, that a refusal
 * is a {@code signature} load failure with an audit entry, and that the other plugins keep serving.
 */
class SignaturesTest {
    private static final KeyPairs.KeyPair RELEASE = KeyPairs.generate();
    private static final TrustedKeys TRUSTED = TrustedKeys.of(RELEASE.publicKey());

    @TempDir
    Path plugins;

    private PluginHost host;

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    private PluginHost start(SignatureMode mode) {
        host = PluginHost.on(PluginEngine.builder().signatures(mode, TRUSTED).build());
        return host;
    }

    private Path copy(String sample) {
        return TestPlugins.copy(TestPlugins.sample(sample), plugins, sample);
    }

    private static Path wasm(Path pluginDir) {
        return TestPlugins.wasmOf(pluginDir);
    }

    private static Path sign(Path pluginDir, KeyPairs.KeyPair pair) {
        return new Signer(pair.privateKey()).sign(wasm(pluginDir));
    }

    /** Flips a letter's case inside a string constant: still a valid module, but not the one signed. */
    private static void tamper(Path pluginDir) throws IOException {
        Path file = wasm(pluginDir);
        byte[] bytes = Files.readAllBytes(file);
        int at = indexOf(bytes, "aeiouAEIOU".getBytes(UTF_8));
        assertThat(at).as("the text-transformer module holds its vowels constant").isPositive();
        bytes[at] ^= 0x20;
        Files.write(file, bytes);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static PluginError errorOf(VersionInfo info) {
        assertThat(info.status()).as(info.toString()).isEqualTo(PluginStatus.FAILED);
        return info.lastError().orElseThrow();
    }

    private void assertServes(String name) {
        assertThat(host.call(name, name.equals("data-validator") ? "validate" : "echo",
                (name.equals("data-validator") ? "[]" : "alive").getBytes(UTF_8))).isNotEmpty();
    }

    @Test
    void aSignedModuleLoadsVerified() {
        Path dir = copy("text-transformer");
        sign(dir, RELEASE);
        start(SignatureMode.REQUIRE);

        VersionInfo info = host.load(dir);

        assertThat(info.status()).as(info.toString()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.loaded("text-transformer").orElseThrow().signatureState()).isEqualTo("verified");
        assertThat(host.call("text-transformer", "echo", "hi".getBytes(UTF_8))).asString(UTF_8).isEqualTo("hi");
        assertThat(host.auditLog().recent(10)).isEmpty();
    }

    @Test
    void aTamperedModuleIsRefusedAndTheOthersKeepServing() throws IOException {
        Path good = copy("data-validator");
        sign(good, RELEASE);
        Path bad = copy("text-transformer");
        sign(bad, RELEASE);
        tamper(bad);
        start(SignatureMode.REQUIRE);

        List<VersionInfo> loaded = host.loadAll(plugins);

        assertThat(loaded).extracting(VersionInfo::name, VersionInfo::status).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("data-validator", PluginStatus.ACTIVE),
                org.assertj.core.groups.Tuple.tuple("text-transformer", PluginStatus.FAILED));
        PluginError error = errorOf(host.find("text-transformer").orElseThrow());
        assertThat(error.code()).isEqualTo(ErrorCode.SIGNATURE);
        assertThat(error.message()).contains("plugin text-transformer refused").contains(wasm(bad).toString())
                .contains(RELEASE.id()).contains("changed after it was signed");
        assertServes("data-validator");
        assertThatThrownBy(() -> host.call("text-transformer", "echo", new byte[0]))
                .isInstanceOf(PluginNotFoundException.class).hasMessageContaining("[signature]");

        AuditEntry audited = host.auditLog().recent("text-transformer", 10).get(0);
        assertThat(audited.what()).isEqualTo(ErrorCode.SIGNATURE);
        assertThat(audited.action()).isEqualTo(AuditAction.REFUSED);
        assertThat(audited.version()).isEqualTo("0.1.0");
        assertThat(audited.resource()).isEqualTo(wasm(bad).toString());
        assertThat(audited.detail()).isEqualTo(error.message());

        host.close();
        host = PluginHost.on(PluginEngine.builder().build());
        assertThat(host.load(bad).status()).as("the tampered module itself is valid wasm: only its signature"
                + " keeps it out").isEqualTo(PluginStatus.ACTIVE);
    }

    @Test
    void requireRefusesAnUnsignedModule() {
        Path dir = copy("text-transformer");
        start(SignatureMode.REQUIRE);

        PluginError error = errorOf(host.load(dir));

        assertThat(error.code()).isEqualTo(ErrorCode.SIGNATURE);
        assertThat(error.message()).contains("(unsigned)").contains("no text_transformer.wasm.sig beside it");
        assertThat(host.auditLog().recent(10)).singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo(AuditAction.REFUSED));
    }

    @Test
    void requireRefusesASignatureByAnUntrustedKey() {
        Path dir = copy("text-transformer");
        KeyPairs.KeyPair stranger = KeyPairs.generate();
        sign(dir, stranger);
        start(SignatureMode.REQUIRE);

        PluginError error = errorOf(host.load(dir));

        assertThat(error.code()).isEqualTo(ErrorCode.SIGNATURE);
        assertThat(error.message()).contains("(untrusted-key)").contains("signed by key " + stranger.id()
                + ", which is not trusted (trusted: " + RELEASE.id() + ")");
    }

    @Test
    void aMalformedSignatureFileIsAClearError() throws IOException {
        Path dir = copy("text-transformer");
        Files.writeString(dir.resolve("text_transformer.wasm.sig"), "plinth-signature v1\nkey-id: 12\n");
        start(SignatureMode.REQUIRE);

        PluginError error = errorOf(host.load(dir));

        assertThat(error.code()).isEqualTo(ErrorCode.SIGNATURE);
        assertThat(error.message()).contains("(invalid)").contains("malformed signature file")
                .contains("text_transformer.wasm.sig");
    }

    @Test
    void warnLoadsAnUnsignedModuleWithAnAuditEntry() {
        Path dir = copy("text-transformer");
        start(SignatureMode.WARN);

        VersionInfo info = host.load(dir);

        assertThat(info.status()).as(info.toString()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.loaded("text-transformer").orElseThrow().signatureState()).isEqualTo("unsigned");
        assertThat(host.auditLog().recent("text-transformer", 10)).singleElement().satisfies(e -> {
            assertThat(e.what()).isEqualTo(ErrorCode.SIGNATURE);
            assertThat(e.action()).isEqualTo(AuditAction.LOADED_WITH_WARNING);
            assertThat(e.detail()).startsWith("signature unsigned: ");
        });
        assertServes("text-transformer");
    }

    @Test
    void warnLoadsATamperedModuleAndSaysSo() throws IOException {
        Path dir = copy("text-transformer");
        sign(dir, RELEASE);
        tamper(dir);
        start(SignatureMode.WARN);

        assertThat(host.load(dir).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.loaded("text-transformer").orElseThrow().signatureState()).isEqualTo("invalid");
        assertThat(host.auditLog().recent(10)).singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo(AuditAction.LOADED_WITH_WARNING));
    }

    @Test
    void offLooksAtNothing() throws IOException {
        Path dir = copy("text-transformer");
        Files.writeString(dir.resolve("text_transformer.wasm.sig"), "not even a signature");
        start(SignatureMode.OFF);

        assertThat(host.load(dir).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.loaded("text-transformer").orElseThrow().signatureState()).isEqualTo("unchecked");
        assertThat(host.auditLog().recent(10)).isEmpty();
    }

    @Test
    void theDefaultIsOffAndBareModulesAreCheckedToo() throws IOException {
        host = PluginHost.on(PluginEngine.builder().build());
        Path dir = copy("text-transformer");
        assertThat(host.load(dir).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.loaded("text-transformer").orElseThrow().signatureState()).isEqualTo("unchecked");
        host.close();

        Path bare = Files.copy(wasm(dir), plugins.resolve("bare_module.wasm"));
        start(SignatureMode.REQUIRE);
        assertThat(errorOf(host.load(bare)).message()).contains("no bare_module.wasm.sig beside it");
        new Signer(RELEASE.privateKey()).sign(bare);
        assertThat(host.load(bare).status()).isEqualTo(PluginStatus.ACTIVE);
        assertThat(host.loaded("bare-module").orElseThrow().signatureState()).isEqualTo("verified");
    }

    @Test
    void requireWithoutATrustedKeyIsAConfigurationError() {
        assertThatThrownBy(() -> PluginEngine.builder().signatures(SignatureMode.REQUIRE, TrustedKeys.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one trusted key");
    }
}
