package dev.plinth.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.VersionInfo;
import dev.plinth.security.signature.KeyPairs;
import dev.plinth.security.signature.SignatureVerifier;
import dev.plinth.security.signature.Signer;
import dev.plinth.testing.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain host shows the same source digest as hot reload, one algorithm for both: SHA-256 over
 * the manifest, every module and every signature file, so a version's files, not its version
 * string, say which build it is.
 */
class SourceDigestTest {
    @TempDir
    Path plugins;

    @Test
    void thePlainHostShowsTheSourceDigestOfEveryFileIncludingTheSignature() throws IOException {
        Path folder = TestPlugins.copy(TestPlugins.sample("text-transformer"), plugins, "text-transformer");
        Path wasm = TestPlugins.wasmOf(folder);
        try (PluginHost host = PluginHost.withDefaults(); PluginEngine engine = PluginEngine.builder().build()) {
            VersionInfo unsigned = host.load(folder);
            assertThat(unsigned.digest()).matches("[0-9a-f]{64}").isEqualTo(engine.sourceDigest(folder))
                    .isNotEqualTo(unsigned.sha256());
            assertThat(unsigned.versionId()).hasToString("0.1.0@" + unsigned.digest().substring(0, 8));
            assertThat(PluginEngine.sourceFiles(folder)).containsExactly(folder.resolve("plugin.toml"), wasm);

            new Signer(KeyPairs.generate().privateKey()).sign(wasm);
            Path signature = SignatureVerifier.signatureFileOf(wasm);
            assertThat(PluginEngine.sourceFiles(folder)).containsExactly(folder.resolve("plugin.toml"), wasm,
                    signature);
            VersionInfo signed = host.load(folder);

            assertThat(signed.sha256()).isEqualTo(unsigned.sha256());
            assertThat(signed.digest()).as("the signature is part of the version").isNotEqualTo(unsigned.digest())
                    .isEqualTo(engine.sourceDigest(folder));
            assertThat(host.find("text-transformer").orElseThrow().digest()).isEqualTo(signed.digest());
        }
    }

    @Test
    void aBareModulesSignatureBesideItIsPartOfItsSource() throws IOException {
        Path bare = plugins.resolve("bare-transformer.wasm");
        Files.copy(TestPlugins.wasmOf(TestPlugins.sample("text-transformer")), bare);
        try (PluginEngine engine = PluginEngine.builder().build()) {
            String before = engine.sourceDigest(bare);
            assertThat(PluginEngine.sourceFiles(bare)).containsExactly(bare);

            Files.writeString(SignatureVerifier.signatureFileOf(bare), "a signature file\n");

            assertThat(PluginEngine.sourceFiles(bare)).containsExactly(bare, SignatureVerifier.signatureFileOf(bare));
            assertThat(engine.sourceDigest(bare)).isNotEqualTo(before);
            assertThat(PluginEngine.discover(plugins)).as("a signature is no plugin source").containsExactly(bare);
        }
    }
}
