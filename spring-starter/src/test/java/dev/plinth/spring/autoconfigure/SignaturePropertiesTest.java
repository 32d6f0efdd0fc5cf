package dev.plinth.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.PluginRegistry;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.security.signature.KeyPairs;
import dev.plinth.security.signature.Signer;
import dev.plinth.spring.SamplePlugins;
import dev.plinth.testing.TestPlugins;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code plinth.signatures.*} from Spring, against real signed and unsigned sample plugins: require
 * loads only what a trusted key signed, warn loads everything and says what it found, and require
 * with no key refuses to start rather than load nothing.
 */
class SignaturePropertiesTest {
    private static final KeyPairs.KeyPair RELEASE = KeyPairs.generate();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PlinthAutoConfiguration.class));

    @TempDir
    Path dir;
    Path plugins;
    Path keys;

    @BeforeEach
    void signOnePlugin() throws Exception {
        plugins = SamplePlugins.copy(Files.createDirectories(dir.resolve("plugins")), "text-transformer",
                "data-validator");
        keys = Files.createDirectories(dir.resolve("keys"));
        KeyPairs.write(RELEASE, keys, "release");
        new Signer(RELEASE.privateKey()).sign(TestPlugins.wasmOf(plugins.resolve("text-transformer")));
    }

    private static VersionInfo version(PluginRegistry registry, String name) {
        return registry.find(name).orElseThrow();
    }

    @Test
    void requireLoadsOnlyWhatATrustedKeySigned() {
        runner.withPropertyValues("plinth.plugins.dir=" + plugins, "plinth.reload.enabled=false",
                "plinth.signatures.mode=require", "plinth.signatures.trusted-keys=" + keys).run(context -> {
                    PluginRegistry registry = context.getBean(PluginRegistry.class);
                    VersionInfo signed = version(registry, "text-transformer");
                    assertThat(signed.status()).isEqualTo(PluginStatus.ACTIVE);
                    assertThat(signed.signature()).isEqualTo("verified");
                    VersionInfo unsigned = version(registry, "data-validator");
                    assertThat(unsigned.status()).isEqualTo(PluginStatus.FAILED);
                    assertThat(unsigned.lastError()).hasValueSatisfying(
                            error -> assertThat(error.code()).isEqualTo(ErrorCode.SIGNATURE));
                    assertThat(registry.call("text-transformer", "transform", "ok".getBytes()))
                            .asString().isEqualTo("OK");
                });
    }

    @Test
    void warnLoadsEverythingAndShowsWhatItFound() {
        runner.withPropertyValues("plinth.plugins.dir=" + plugins, "plinth.reload.enabled=false",
                "plinth.signatures.mode=warn", "plinth.signatures.trusted-keys=" + keys.resolve("release.pub"))
                .run(context -> {
                    PluginRegistry registry = context.getBean(PluginRegistry.class);
                    assertThat(version(registry, "text-transformer").signature()).isEqualTo("verified");
                    VersionInfo unsigned = version(registry, "data-validator");
                    assertThat(unsigned.status()).isEqualTo(PluginStatus.ACTIVE);
                    assertThat(unsigned.signature()).isEqualTo("unsigned");
                });
    }

    @Test
    void requireWithoutATrustedKeyRefusesToStart() {
        runner.withPropertyValues("plinth.plugins.dir=" + plugins, "plinth.signatures.mode=require")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("plinth.signatures.mode=require needs plinth.signatures.trusted-keys"));
    }

    @Test
    void offByDefault() {
        runner.withPropertyValues("plinth.plugins.dir=" + plugins, "plinth.reload.enabled=false").run(context ->
                assertThat(version(context.getBean(PluginRegistry.class), "data-validator").signature())
                        .isEqualTo(VersionInfo.SIGNATURE_UNCHECKED));
    }
}
