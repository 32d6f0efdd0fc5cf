package dev.plinth.host.component;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.CallRequest;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginBusyException;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.api.error.PluginNotFoundException;
import dev.plinth.api.error.PluginTrapException;
import dev.plinth.component.value.InvalidValueException;
import dev.plinth.component.value.Value;
import dev.plinth.host.ComponentCalls;
import dev.plinth.host.ComponentReport;
import dev.plinth.host.ModuleInspector;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.host.PluginVersion;
import dev.plinth.testing.TestPlugins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WebAssembly component in the plugins folder, told apart from core modules by its header, loads as a plugin
 * version beside Extism-ABI plugins: called with values and with bytes, pooled, its failures typed.
 */
class ComponentPluginTest {
    @TempDir
    Path plugins;

    @Test
    void aBareComponentLoadsAndIsCalledWithValuesAndBytes() throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            host.load(TestPlugins.sample("text-transformer"));
            VersionInfo info = host.load(ComponentPlugins.write(plugins, "greeter", ComponentPlugins.GREETER));

            assertThat(info.status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(info.exports()).containsExactly("add", "bytes", "calls", "echo", "refuse", "trap");
            PluginVersion version = host.loaded("greeter").orElseThrow();
            assertThat(version.kind()).isEqualTo("component");
            assertThat(host.loaded("text-transformer").orElseThrow().kind()).isEqualTo("module");
            assertThat(version.sha256()).hasSize(64);
            assertThat(version.versionId().toString()).startsWith(version.version() + "@");

            ComponentCalls greeter = host.component("greeter");
            assertThat(greeter.functions().get("add").wit()).isEqualTo("func(a: u32, b: u32) -> u32");
            assertThat(greeter.call("add", List.of(new Value.U32(40), new Value.U32(2))))
                    .containsExactly(new Value.U32(42));
            assertThat(greeter.call("echo", List.of(new Value.Str("Zoë")))).containsExactly(new Value.Str("Zoë"));

            assertThat(host.call("greeter", "echo", "bytes in, bytes out".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("bytes in, bytes out");
            assertThat(host.call("greeter", "bytes", new byte[] {0, -1, 7})).containsExactly(0, -1, 7);
            assertThat(host.call("text-transformer", "transform", "beside".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("BESIDE");
            assertThat(version.callStats().snapshot().calls()).isEqualTo(4);
        }
    }

    @Test
    void aManifestNamesTheComponentAsItsEntrypoint() throws Exception {
        Path dir = Files.createDirectories(plugins.resolve("greeter"));
        ComponentPlugins.write(dir, "greeter_component", ComponentPlugins.GREETER);
        Files.writeString(dir.resolve("plugin.toml"), """
                [plugin]
                name = "greeter"
                version = "1.2.0"
                entrypoint = "greeter_component.wasm"

                [exports.echo]
                input = "text"
                output = "text"
                """);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            VersionInfo info = host.load(dir);

            assertThat(info.status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(info.version()).isEqualTo("1.2.0");
            assertThat(host.call("greeter", "echo", "from the manifest".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("from the manifest");
        }
    }

    @Test
    void anExportTheManifestDeclaresMustExist() throws Exception {
        Path dir = Files.createDirectories(plugins.resolve("greeter"));
        ComponentPlugins.write(dir, "greeter", ComponentPlugins.GREETER);
        Files.writeString(dir.resolve("plugin.toml"), """
                [plugin]
                name = "greeter"
                version = "1.0.0"
                entrypoint = "greeter.wasm"

                [exports.missing]
                input = "text"
                output = "text"
                """);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            VersionInfo info = host.load(dir);

            assertThat(info.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(info.lastError().orElseThrow().message()).contains("\"missing\"").contains("echo");
        }
    }

    @Test
    void aBrokenComponentIsRefusedAsInvalidAndTheHostServes() throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            host.load(TestPlugins.sample("text-transformer"));
            // the preamble, then a core-module section whose size runs past the end
            byte[] broken = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0x01, 0x7f};
            VersionInfo info = host.load(Files.write(plugins.resolve("broken.wasm"), broken));

            assertThat(info.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(info.lastError().orElseThrow().code()).isEqualTo(ErrorCode.INVALID_MODULE);
            assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("AFTER");
        }
    }

    @Test
    void byteCallsMapErrToPluginErrorAndRefuseOtherShapes() throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            host.load(ComponentPlugins.write(plugins, "greeter", ComponentPlugins.GREETER));

            assertThatThrownBy(() -> host.call("greeter", "refuse", "no, thanks".getBytes(UTF_8)))
                    .isInstanceOfSatisfying(PluginFailureException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_ERROR);
                        assertThat(e.pluginMessage()).isEqualTo("no, thanks");
                    });
            assertThat(host.component("greeter").call("refuse", List.of(new Value.Str("typed"))))
                    .containsExactly(new Value.Result(false, java.util.Optional.of(new Value.Str("typed"))));
            assertThatThrownBy(() -> host.call("greeter", "add", new byte[0]))
                    .isInstanceOf(PluginNotFoundException.class).hasMessageContaining("func(a: u32, b: u32) -> u32");
            assertThatThrownBy(() -> host.call("greeter", "nope", new byte[0]))
                    .isInstanceOf(PluginNotFoundException.class).hasMessageContaining("echo");
            assertThatThrownBy(() -> host.call("greeter", "echo", new byte[] {(byte) 0xc3, 0x28}))
                    .isInstanceOf(InvalidValueException.class).hasMessageContaining("not UTF-8");
            assertThat(host.call("greeter", "echo", "still serving".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("still serving");
        }
    }

    @Test
    void instancesAreReusedAndATrappedOneIsDiscarded() throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            host.load(ComponentPlugins.write(plugins, "greeter", ComponentPlugins.GREETER));
            ComponentCalls greeter = host.component("greeter");

            assertThat(greeter.call("calls", List.of())).containsExactly(new Value.U32(1));
            assertThat(greeter.call("calls", List.of())).containsExactly(new Value.U32(2));
            assertThatThrownBy(() -> greeter.call("trap", List.of())).isInstanceOf(PluginTrapException.class)
                    .extracting(e -> ((PluginException) e).code()).isEqualTo(ErrorCode.TRAP);
            // a fresh instance: its counter starts again
            assertThat(greeter.call("calls", List.of())).containsExactly(new Value.U32(1));
            assertThat(host.loaded("greeter").orElseThrow().lastError().orElseThrow().code())
                    .isEqualTo(ErrorCode.TRAP);
            assertThatThrownBy(() -> greeter.call("add", List.of(new Value.U32(1))))
                    .isInstanceOf(InvalidValueException.class);
            assertThat(greeter.call("calls", List.of())).containsExactly(new Value.U32(2));
        }
    }

    @Test
    void maxInstancesIsHonoured() throws Exception {
        PluginLimits limits = PluginLimits.DEFAULTS.withMaxInstances(1).withAcquireTimeout(Duration.ofMillis(100))
                .withCallTimeout(Duration.ofSeconds(2));
        try (PluginHost host = PluginHost.on(PluginEngine.builder().limits(limits).build())) {
            host.load(ComponentPlugins.write(plugins, "hostile", ComponentPlugins.HOSTILE));
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                CountDownLatch started = new CountDownLatch(1);
                Future<?> spinning = pool.submit(() -> {
                    started.countDown();
                    return host.component("hostile").call("spin", List.of());
                });
                started.await();
                Thread.sleep(200);
                assertThat(host.loaded("hostile").orElseThrow().busyInstances()).isEqualTo(1);
                assertThatThrownBy(() -> host.component("hostile").call("ok", List.of()))
                        .isInstanceOf(PluginBusyException.class);
                assertThatThrownBy(spinning::get).hasCauseInstanceOf(dev.plinth.api.error.PluginTimeoutException.class);
                assertThat(host.component("hostile").call("ok", List.of())).containsExactly(new Value.U32(42));
                assertThat(host.loaded("hostile").orElseThrow().liveInstances()).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void inspectionShowsTheKindAndTheExportsWithTheirTypes() throws Exception {
        Path component = ComponentPlugins.write(plugins, "greeter", ComponentPlugins.GREETER);

        assertThat(ModuleInspector.isComponent(component)).isTrue();
        assertThat(ModuleInspector.isComponent(TestPlugins.sample("text-transformer"))).isFalse();
        ComponentReport report = ModuleInspector.inspectComponent(component);

        assertThat(report.kind()).isEqualTo("component");
        assertThat(report.name()).isEqualTo("greeter");
        assertThat(report.exportTypes()).containsEntry("echo", "func(s: string) -> string")
                .containsEntry("refuse", "func(s: string) -> result<string, string>")
                .containsEntry("bytes", "func(b: list<u8>) -> list<u8>").hasSize(6);
        assertThatThrownBy(() -> ModuleInspector.inspect(component)).isInstanceOf(PluginException.class)
                .hasMessageContaining("inspectComponent");
    }

    @Test
    void signaturesAreRequiredOfComponentsToo() throws Exception {
        var release = dev.plinth.security.signature.KeyPairs.generate();
        try (PluginHost host = PluginHost.on(PluginEngine.builder().signatures(
                dev.plinth.security.signature.SignatureMode.REQUIRE,
                dev.plinth.security.signature.TrustedKeys.of(release.publicKey())).build())) {
            Path unsigned = ComponentPlugins.write(plugins, "unsigned", ComponentPlugins.GREETER);
            VersionInfo refused = host.load(unsigned);
            assertThat(refused.status()).isEqualTo(PluginStatus.FAILED);
            assertThat(refused.lastError().orElseThrow().code()).isEqualTo(ErrorCode.SIGNATURE);
            assertThat(host.auditLog().recent("unsigned", 10)).anySatisfy(entry ->
                    assertThat(entry.what()).isEqualTo(ErrorCode.SIGNATURE));

            Path signed = ComponentPlugins.write(plugins, "signed", ComponentPlugins.GREETER);
            new dev.plinth.security.signature.Signer(release.privateKey()).sign(signed);
            VersionInfo loaded = host.load(signed);
            assertThat(loaded.status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(loaded.signature()).isEqualTo("verified");
            assertThat(host.call("signed", "echo", "signed".getBytes(UTF_8))).asString(UTF_8).isEqualTo("signed");
        }
    }

    @Test
    void concurrentCallsShareAtMostMaxInstances() throws Exception {
        PluginLimits limits = PluginLimits.DEFAULTS.withMaxInstances(3).withAcquireTimeout(Duration.ofSeconds(10));
        try (PluginHost host = PluginHost.on(PluginEngine.builder().limits(limits).build())) {
            host.load(ComponentPlugins.write(plugins, "greeter", ComponentPlugins.GREETER));
            ExecutorService callers = Executors.newFixedThreadPool(8);
            try {
                List<Future<Boolean>> results = new java.util.ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int base = t * 1000;
                    results.add(callers.submit(() -> {
                        for (int i = 0; i < 50; i++) {
                            List<Value> sum = host.component("greeter").call("add",
                                    List.of(new Value.U32(base), new Value.U32(i)));
                            if (!sum.equals(List.of(new Value.U32(base + i)))) {
                                return false;
                            }
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> result : results) {
                    assertThat(result.get()).isTrue();
                }
            } finally {
                callers.shutdownNow();
            }
            PluginVersion version = host.loaded("greeter").orElseThrow();
            assertThat(version.liveInstances()).isBetween(1, 3);
            assertThat(version.busyInstances()).isZero();
            assertThat(version.callStats().snapshot().calls()).isEqualTo(400);
        }
    }

    @Test
    void aCoreModulePluginIsNotAComponent() throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            host.load(TestPlugins.sample("text-transformer"));
            assertThat(host.loaded("text-transformer").orElseThrow().component()).isEmpty();
            assertThatThrownBy(() -> host.component("text-transformer").call("transform", List.of()))
                    .isInstanceOf(PluginNotFoundException.class).hasMessageContaining("core module");
            assertThat(host.call(CallRequest.of("text-transformer", "transform", "x".getBytes(UTF_8))).output())
                    .asString(UTF_8).isEqualTo("X");
        }
    }
}
