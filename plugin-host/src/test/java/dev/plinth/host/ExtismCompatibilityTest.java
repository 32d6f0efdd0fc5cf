package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.PluginStatus;
import dev.plinth.api.error.PermissionDeniedException;
import dev.plinth.api.error.PluginFailureException;
import dev.plinth.api.error.PluginTrapException;
import dev.plinth.testing.TestPlugins;
import dev.plinth.testing.Wat;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Guests written against Extism's ABI as its PDKs use it, assembled from WAT here so that they do
 * not depend on Plinth's own SDK.
 */
class ExtismCompatibilityTest {
    @TempDir
    Path plugins;

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void pdkStyleGuestReadsInputWritesOutputAndFails(EngineMode mode) throws Exception {
        Wat.write(plugins, "stateful", ExtismGuests.STATEFUL);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).configOverride("greeting", "hej").build())) {
            assertThat(host.loadAll(plugins)).extracting(i -> i.status()).containsExactly(PluginStatus.ACTIVE);

            assertThat(host.call("stateful", "upper", "hello, extism".getBytes(UTF_8)))
                    .asString(UTF_8).isEqualTo("HELLO, EXTISM");
            assertThat(host.call("stateful", "upper", new byte[0])).isEmpty();
            assertThat(host.call("stateful", "config", new byte[0])).asString(UTF_8).isEqualTo("hej");
            assertThatThrownBy(() -> host.call("stateful", "fail", new byte[0]))
                    .isInstanceOfSatisfying(PluginFailureException.class, e -> {
                        assertThat(e.pluginMessage()).isEqualTo("bad!");
                        assertThat(e.returnCode()).isEqualTo(3);
                        assertThat(e.code().code()).isEqualTo("plugin-error");
                    });
        }
    }

    @Test
    void httpRequestIsRefusedWithoutANetworkGrant() throws Exception {
        Wat.write(plugins, "fetcher", """
                (module
                  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
                  (import "extism:host/env" "http_request" (func $http (param i64 i64) (result i64)))
                  (memory (export "memory") 1)
                  (func (export "fetch") (result i32)
                    (drop (call $http (call $alloc (i64.const 8)) (i64.const 0)))
                    (i32.const 0)))""");
        try (PluginHost host = PluginHost.on(PluginEngine.builder().build())) {
            host.loadAll(plugins);
            assertThatThrownBy(() -> host.call("fetcher", "fetch", new byte[0]))
                    .isInstanceOf(PermissionDeniedException.class)
                    .hasMessageContaining("http_request").hasMessageContaining("no network grant");
        }
    }

    @Test
    void varsAreSharedByInstancesWhileGlobalsBelongToOne() throws Exception {
        Wat.write(plugins, "stateful", ExtismGuests.STATEFUL);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().limits(PluginLimits.DEFAULTS.withMaxInstances(1)).build())) {
            host.loadAll(plugins);
            assertThat(host.call("stateful", "counts", new byte[0])).containsExactly(1, 1);
            assertThat(host.call("stateful", "counts", new byte[0])).containsExactly(2, 2);

            // a trap discards the instance: the next one starts with fresh globals, the vars remain
            assertThatThrownBy(() -> host.call("stateful", "trap", new byte[0]))
                    .isInstanceOf(PluginTrapException.class);
            assertThat(host.call("stateful", "counts", new byte[0])).containsExactly(3, 1);
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void rustModuleBuiltForWasiRunsWithWasiLinkedButUnused(EngineMode mode) {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).limits(PluginLimits.DEFAULTS.withMaxInstances(1))
                .build())) {
            assertThat(host.load(TestPlugins.fixture("wasi-fixture")).status()).isEqualTo(PluginStatus.ACTIVE);
            assertThat(host.call("wasi-fixture", "hello", "world".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("hello, world");
            host.call("wasi-fixture", "hello", "again".getBytes(UTF_8));
            assertThat(host.call("wasi-fixture", "calls", new byte[0])).asString(UTF_8).isEqualTo("2");
            assertThat(host.call("wasi-fixture", "initialized", new byte[0])).asString(UTF_8).isEqualTo("1");
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void wasiModuleInstantiatesRunsInitializeOnceAndSeesNoEnvironment(EngineMode mode) throws Exception {
        Wat.write(plugins, "reactor", ExtismGuests.WASI_REACTOR);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).build())) {
            assertThat(host.loadAll(plugins)).extracting(i -> i.status()).containsExactly(PluginStatus.ACTIVE);
            assertThat(host.call("reactor", "initialized", new byte[0])).asString(UTF_8).isEqualTo("1");
            assertThat(host.call("reactor", "initialized", new byte[0])).asString(UTF_8).isEqualTo("1");
            assertThat(host.call("reactor", "env_count", new byte[0])).asString(UTF_8).isEqualTo("0");
            assertThat(host.call("reactor", "print", new byte[0])).isEmpty();
        }
    }
}
