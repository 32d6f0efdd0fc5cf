package dev.plinth.host.component;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.CallResult;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.FuelExhaustedException;
import dev.plinth.api.error.MemoryLimitException;
import dev.plinth.api.error.PluginTimeoutException;
import dev.plinth.api.unit.DataSize;
import dev.plinth.component.value.Value;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.security.audit.AuditEntry;
import dev.plinth.testing.TestPlugins;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile components under the engine's limits, in both engine modes: a loop that never ends is stopped at
 * the deadline ({@code timeout}), a memory grower at the memory limit ({@code memory-limit}), a fuel burner at
 * its budget ({@code fuel-exhausted}); each is audited, and the same plugin and the others serve the next call.
 */
class HostileComponentPluginTest {
    @TempDir
    Path plugins;

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void anEndlessLoopIsStoppedAtTheDeadline(EngineMode mode) throws Exception {
        Duration deadline = Duration.ofMillis(300);
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode)
                .limits(PluginLimits.DEFAULTS.withCallTimeout(deadline)).build())) {
            host.load(TestPlugins.sample("text-transformer"));
            host.load(ComponentPlugins.write(plugins, "hostile", ComponentPlugins.HOSTILE));

            long started = System.nanoTime();
            assertThatThrownBy(() -> host.component("hostile").call("spin", List.of()))
                    .isInstanceOf(PluginTimeoutException.class).hasMessageContaining("hostile.spin");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(deadline.plusSeconds(2));

            assertAudited(host, ErrorCode.TIMEOUT, "spin");
            assertStillServing(host);
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aMemoryGrowerIsStoppedAtTheMemoryLimit(EngineMode mode) throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode)
                .limits(PluginLimits.DEFAULTS.withMaxMemory(DataSize.parse("2MB"))).build())) {
            host.load(TestPlugins.sample("text-transformer"));
            host.load(ComponentPlugins.write(plugins, "hostile", ComponentPlugins.HOSTILE));

            assertThatThrownBy(() -> host.component("hostile").call("grow", List.of()))
                    .isInstanceOf(MemoryLimitException.class).hasMessageContaining("hostile.grow");
            var version = host.loaded("hostile").orElseThrow();
            // linear memory within the limit; the host heap its globals take is counted beside it
            assertThat(version.peakMemoryBytes() - version.peakHostMemoryBytes()).isLessThanOrEqualTo(2L << 20);
            assertThat(host.loaded("hostile").orElseThrow().refusedGrowthCalls()).isEqualTo(1);

            assertAudited(host, ErrorCode.MEMORY_LIMIT, "grow");
            assertStillServing(host);
        }
    }

    @org.junit.jupiter.api.Test
    void aCoreMemoryStartingAboveTheLimitIsRefusedAtLoad() throws Exception {
        String big = ComponentPlugins.HOSTILE.replace("(memory (export \"mem\") 1)", "(memory (export \"mem\") 64)");
        try (PluginHost host = PluginHost.on(PluginEngine.builder()
                .limits(PluginLimits.DEFAULTS.withMaxMemory(DataSize.parse("2MB"))).build())) {
            host.load(TestPlugins.sample("text-transformer"));
            var info = host.load(ComponentPlugins.write(plugins, "hostile", big));

            assertThat(info.status()).isEqualTo(dev.plinth.api.PluginStatus.FAILED);
            assertThat(info.lastError().orElseThrow().code()).isEqualTo(ErrorCode.MEMORY_LIMIT);
            assertThat(host.auditLog().recent("hostile", 10)).anySatisfy(entry ->
                    assertThat(entry.what()).isEqualTo(ErrorCode.MEMORY_LIMIT));
            assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                    .isEqualTo("AFTER");
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aFuelBurnerIsStoppedAtItsBudget(EngineMode mode) throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode)
                .limits(PluginLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(30))).fuel(1_000_000).build())) {
            host.load(TestPlugins.sample("text-transformer"));
            host.load(ComponentPlugins.write(plugins, "hostile", ComponentPlugins.HOSTILE));

            assertThat(host.component("hostile").call("burn", List.of(new Value.U32(1000))))
                    .containsExactly(new Value.U32(0));
            assertThatThrownBy(() -> host.component("hostile").call("burn", List.of(new Value.U32(100_000_000))))
                    .isInstanceOf(FuelExhaustedException.class).hasMessageContaining("1000000");

            assertAudited(host, ErrorCode.FUEL_EXHAUSTED, "burn");
            assertStillServing(host);
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aByteCallReportsTheFuelItUsed(EngineMode mode) throws Exception {
        try (PluginHost host = PluginHost.on(PluginEngine.builder().engine(mode).fuel(1_000_000).build())) {
            host.load(ComponentPlugins.write(plugins, "greeter", ComponentPlugins.GREETER));

            CallResult result = host.call(dev.plinth.api.CallRequest.of("greeter", "echo", "fuel".getBytes(UTF_8)));

            assertThat(result.output()).asString(UTF_8).isEqualTo("fuel");
            assertThat(result.fuel().orElseThrow()).isPositive().isLessThan(1000);
        }
    }

    private static void assertAudited(PluginHost host, ErrorCode code, String function) {
        List<AuditEntry> entries = host.auditLog().recent("hostile", 100);
        assertThat(entries).anySatisfy(entry -> {
            assertThat(entry.what()).isEqualTo(code);
            assertThat(entry.resource()).contains(function);
        });
    }

    private static void assertStillServing(PluginHost host) {
        assertThat(host.component("hostile").call("ok", List.of())).containsExactly(new Value.U32(42));
        assertThat(host.call("text-transformer", "transform", "after".getBytes(UTF_8))).asString(UTF_8)
                .isEqualTo("AFTER");
    }
}
