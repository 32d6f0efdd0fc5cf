package dev.plinth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.error.InvalidManifestException;
import dev.plinth.api.error.InvalidPolicyException;
import dev.plinth.api.kv.KvQuota;
import dev.plinth.security.policy.GrantDifference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code kv} in manifests and policy files, and the quota in effect. */
class KvQuotaReaderTest {
    private static final PluginAsks PLUGIN = new PluginAsks("keeper");

    @Test
    void aManifestAsksForDefaultsOrBounds() {
        assertThat(PLUGIN.parse("kv = true\n").permissions().kv())
                .contains(KvQuota.DEFAULTS);
        assertThat(PLUGIN.parse("kv = false\n").permissions().kv()).isEmpty();
        assertThat(PLUGIN.parse("").permissions().kv()).isEmpty();
        assertThat(PLUGIN.parse("kv = { max-keys = 7, max-key-size = \"32B\", max-value-size ="
                + " \"1KB\", max-total-size = \"4KB\" }\n").permissions().kv())
                .contains(new KvQuota(7, 32, 1024, 4096));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "kv = 5|plugin.toml: permissions.kv: expected true, false or a table",
        "kv = { max-keys = 0 }|plugin.toml: permissions.kv.max-keys: must be a positive number of keys",
        "kv = { max-key-size = \"2KB\" }|plugin.toml: permissions.kv.max-key-size: must be at most 1KB",
        "kv = { max-value-size = \"lots\" }|plugin.toml: permissions.kv.max-value-size:",
        "kv = { max-values = 3 }|plugin.toml: permissions.kv.max-values:",
    })
    void badAsksNameTheKey(String line, String message) {
        assertThatThrownBy(() -> PLUGIN.parse(line + "\n"))
                .isInstanceOf(InvalidManifestException.class).hasMessageStartingWith(message);
    }

    @Test
    void aPolicyGrantsCeilings() {
        assertThat(PLUGIN.policy("kv = { max-keys = 10 }\n").grantFor("keeper")
                .kv()).contains(new KvQuota(10, 256, 64 * 1024, 1 << 20));
        assertThatThrownBy(() -> PLUGIN.policy("kv = { max-keys = -1 }\n"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageStartingWith("policy.toml: plugins.keeper.kv.max-keys: must be a positive number");
    }

    @Test
    void theQuotaIsTheAskCappedByTheGrant() {
        var g = PLUGIN.effective("kv = { max-keys = 5000, max-value-size = \"1KB\" }\n", "kv = { max-keys = 100 }\n");
        assertThat(g.kv()).contains(new KvQuota(100, 256, 1024, 1 << 20));
        assertThat(g.notGranted("kv")).singleElement().satisfies(d -> assertThat(d.reason())
                .isEqualTo(GrantDifference.Reason.CAPPED));
        var none = PLUGIN.effective("kv = true\n", "memory = \"64MB\"\n");
        assertThat(none.kv()).isEmpty();
        assertThat(none.notGranted("kv")).singleElement().satisfies(d -> assertThat(d.reason())
                .isEqualTo(GrantDifference.Reason.NOT_GRANTED));
        assertThat(PLUGIN.effective("", "kv = true\n").kv()).as("granted, not asked").isEmpty();
        assertThat(g.describe()).contains("kv:", "100 keys, keys of 256B, values of 1KB, 1MB in all");
    }
}
