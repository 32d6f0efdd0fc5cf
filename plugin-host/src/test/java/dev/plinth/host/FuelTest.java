package dev.plinth.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.FuelExhaustedException;
import dev.plinth.testing.TestPlugins;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Plugins metered with a deterministic instruction budget: loops stop when it is spent, in either
 * engine mode (the interpreter's br_if loops included, which the deadline cannot stop), the same
 * call always costs the same, and host calls are paid for.
 */
class FuelTest {
    private static final long BUDGET = 20_000_000;

    private static PluginHost metered(EngineMode mode) {
        PluginHost host = PluginHost.on(FixtureHosts.builder().engine(mode).fuel(BUDGET)
                .limits(PluginLimits.DEFAULTS.withCallTimeout(Duration.ofSeconds(60))).build());
        host.load(TestPlugins.fixture("abi-fixtures"));
        return host;
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void tightLoopsRunOutOfFuelAndTheInstanceIsReplaced(EngineMode mode) {
        try (PluginHost host = metered(mode)) {
            for (String loop : new String[] {"spin", "spin_br_if"}) {
                assertThatThrownBy(() -> host.call("abi-fixtures", loop, new byte[0]))
                        .isInstanceOfSatisfying(FuelExhaustedException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.FUEL_EXHAUSTED);
                            assertThat(e.getMessage()).contains("abi-fixtures." + loop).contains("20000000");
                        });
            }
            assertThat(host.call("abi-fixtures", "echo", "alive".getBytes(UTF_8))).asString(UTF_8).isEqualTo("alive");
        }
    }

    /**
     * A fresh instance's first call also pays for the guest's one-time set-up (its allocator), so
     * "the same call" means the same call on an instance in the same state.
     */
    @Test
    void theSameCallCostsTheSameFuelInBothModesAndEveryTime() {
        long[] compiled;
        long[] interpreted;
        try (PluginHost host = metered(EngineMode.COMPILED)) {
            compiled = new long[] {fuelOf(host, "recurse", "200"), fuelOf(host, "recurse", "200")};
            assertThat(fuelOf(host, "recurse", "200")).isEqualTo(compiled[1]);
            assertThat(fuelOf(host, "recurse", "400")).isGreaterThan(compiled[1]);
        }
        try (PluginHost host = metered(EngineMode.INTERPRETED)) {
            interpreted = new long[] {fuelOf(host, "recurse", "200"), fuelOf(host, "recurse", "200")};
        }
        assertThat(compiled[1]).isPositive();
        assertThat(interpreted).containsExactly(compiled);
    }

    @Test
    void hostCallsArePaidForByTheBytesTheyMove() {
        try (PluginHost host = metered(EngineMode.COMPILED)) {
            long small = fuelOf(host, "echo", "x".repeat(16));
            long large = fuelOf(host, "echo", "x".repeat(16 * 1024));
            assertThat(large).isGreaterThan(small + 1024 / 8);
        }
    }

    @Test
    void unmeteredCallsReportNoFuel() {
        try (PluginHost host = PluginHost.on(FixtureHosts.builder().build())) {
            host.load(TestPlugins.fixture("abi-fixtures"));
            assertThat(host.call(CallRequest.of("abi-fixtures", "echo", new byte[0])).fuel()).isEmpty();
        }
    }

    private static long fuelOf(PluginHost host, String function, String input) {
        CallResult result = host.call(CallRequest.of("abi-fixtures", function, input.getBytes(UTF_8)));
        return result.fuel().orElseThrow();
    }
}
