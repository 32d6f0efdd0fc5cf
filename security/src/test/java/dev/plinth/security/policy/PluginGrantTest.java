package dev.plinth.security.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.manifest.PermissionRules;
import dev.plinth.api.unit.DataSize;
import org.junit.jupiter.api.Test;

class PluginGrantTest {
    @Test
    void nothingIsFrozenSeededAndEmpty() {
        assertThat(PluginGrant.NOTHING.clock()).isEqualTo(ClockAccess.FROZEN);
        assertThat(PluginGrant.NOTHING.random()).isEqualTo(RandomSource.SEEDED);
        assertThat(PluginGrant.NOTHING.fs()).isEmpty();
        assertThat(PluginGrant.NOTHING.hostFunctions()).isEmpty();
    }

    @Test
    void plusAddsRulesAndTakesTheMoreGenerousClockAndRandomAndTheLaterLimits() {
        PluginGrant base = PluginGrant.builder().fs(PermissionRules.fs("read:/data")).hostFunction("a")
                .memory(DataSize.ofMegabytes(32)).clock(ClockAccess.REAL).build();
        PluginGrant more = PluginGrant.builder().net(PermissionRules.net("connect:api.example.com:443"))
                .hostFunction("b").memory(DataSize.ofMegabytes(48)).override(Limit.FUEL, 1000)
                .random(RandomSource.SECURE).build();

        PluginGrant sum = base.plus(more);

        assertThat(sum.fs()).map(Object::toString).containsExactly("read:/data");
        assertThat(sum.net()).map(Object::toString).containsExactly("connect:api.example.com:443");
        assertThat(sum.hostFunctions()).containsExactly("a", "b");
        assertThat(sum.memory()).contains(DataSize.ofMegabytes(48));
        assertThat(sum.overriding()).containsExactly(Limit.FUEL);
        assertThat(sum.clock()).isEqualTo(ClockAccess.REAL);
        assertThat(sum.random()).isEqualTo(RandomSource.SECURE);
        assertThat(PluginGrant.NOTHING.plus(PluginGrant.NOTHING)).isEqualTo(PluginGrant.NOTHING);
    }
}
