package dev.plinth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.api.error.InvalidManifestException;
import dev.plinth.api.error.InvalidPolicyException;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.unit.DataSize;
import dev.plinth.security.policy.DataDirQuota;
import dev.plinth.security.policy.EnvironmentGrant;
import dev.plinth.security.policy.PluginGrant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code data-dir}, {@code data-dir-files} and {@code env} in manifests and policy files. */
class HostServicesGrantReaderTest {
    private static final String MANIFEST = """
            [plugin]
            name = "keeper"
            version = "1.0.0"
            [permissions]
            """;

    private static PluginGrant grant(String body) {
        return PolicyReader.parse("[plugins.keeper]\n" + body, "policy.toml").grantFor("keeper");
    }

    @Test
    void aManifestAsksForADataDirectoryAndVariables() {
        PluginManifest m = ManifestReader.parse(MANIFEST + """
                data-dir = "64MB"
                env = ["TZ", "LANG", "TZ"]
                """, "plugin.toml");
        assertThat(m.permissions().dataDir()).contains(DataSize.ofMegabytes(64));
        assertThat(m.permissions().env()).containsExactly("TZ", "LANG");
    }

    @Test
    void aManifestThatAsksForNeitherGetsNeither() {
        PluginManifest m = ManifestReader.parse(MANIFEST, "plugin.toml");
        assertThat(m.permissions().dataDir()).isEmpty();
        assertThat(m.permissions().env()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "data-dir = \"0MB\"|plugin.toml: permissions.data-dir: must be more than 0",
        "data-dir = 64|plugin.toml: permissions.data-dir: expected a string such as \"64MB\", found",
        "env = [\"A=B\"]|plugin.toml: permissions.env[0]: \"A=B\" is not an environment variable name",
        "env = [\"1X\"]|plugin.toml: permissions.env[0]: \"1X\" is not an environment variable name",
    })
    void badAsksNameTheKey(String line, String message) {
        assertThatThrownBy(() -> ManifestReader.parse(MANIFEST + line + "\n", "plugin.toml"))
                .isInstanceOf(InvalidManifestException.class).hasMessageStartingWith(message);
    }

    @Test
    void aPolicyGrantsADataDirectoryWithAFileCount() {
        assertThat(grant("data-dir = \"256MB\"\ndata-dir-files = 500\n").dataDir())
                .contains(new DataDirQuota(256L << 20, 500));
        assertThat(grant("data-dir = \"1GB\"\n").dataDir())
                .contains(new DataDirQuota(1L << 30, DataDirQuota.DEFAULT_FILES));
        assertThat(grant("memory = \"64MB\"\n").dataDir()).isEmpty();
    }

    @Test
    void aPolicyGrantsVariablesFromTheHostOrWithFixedValues() {
        assertThat(grant("env = [\"TZ\", \"LANG\"]\n").env())
                .isEqualTo(new EnvironmentGrant(Map.of(), Set.of("TZ", "LANG")));
        assertThat(grant("env = { TZ = \"UTC\", LANG = \"C.UTF-8\" }\n").env().fixed())
                .containsExactly(Map.entry("TZ", "UTC"), Map.entry("LANG", "C.UTF-8"));
        assertThat(grant("memory = \"64MB\"\n").env().isEmpty()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "data-dir-files = 10|policy.toml: plugins.keeper.data-dir-files: needs data-dir",
        "data-dir = \"1MB\"\\ndata-dir-files = 0|policy.toml: plugins.keeper.data-dir-files: must be a positive number",
        "data-dir = \"lots\"|policy.toml: plugins.keeper.data-dir:",
        "env = { TZ = 1 }|policy.toml: plugins.keeper.env.TZ: expected a string value",
        "env = { \"A B\" = \"x\" }|policy.toml: plugins.keeper.env.\"A B\": \"A B\" is not an environment variable name",
        "env = [\"\"]|policy.toml: plugins.keeper.env[0]: an environment variable name must not be empty",
        "env = \"TZ\"|policy.toml: plugins.keeper.env: expected an array of strings",
    })
    void badGrantsNameTheKey(String body, String message) {
        assertThatThrownBy(() -> grant(body.replace("\\n", "\n") + "\n")).isInstanceOf(InvalidPolicyException.class)
                .hasMessageStartingWith(message);
    }

    private static dev.plinth.security.policy.EffectiveGrants effective(String asks, String grants) {
        return dev.plinth.security.policy.Grants.effective(ManifestReader.parse(MANIFEST + asks, "plugin.toml"),
                PolicyReader.parse("[plugins.keeper]\n" + grants, "policy.toml"));
    }

    @Test
    void theDataDirectoryIsTheAskCappedByTheGrant() {
        var g = effective("data-dir = \"64MB\"\n", "data-dir = \"16MB\"\ndata-dir-files = 7\n");
        assertThat(g.dataDir()).contains(new DataDirQuota(16L << 20, 7));
        assertThat(g.notGranted("data-dir")).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(dev.plinth.security.policy.GrantDifference.Reason.CAPPED);
            assertThat(d.detail()).isEqualTo("capped by the grant at 16MB");
        });
        assertThat(effective("data-dir = \"8MB\"\n", "data-dir = \"16MB\"\n").dataDir())
                .contains(new DataDirQuota(8L << 20, DataDirQuota.DEFAULT_FILES));
        assertThat(effective("", "data-dir = \"16MB\"\n").dataDir()).as("granted, not asked").isEmpty();
        var notGranted = effective("data-dir = \"8MB\"\n", "memory = \"64MB\"\n");
        assertThat(notGranted.dataDir()).isEmpty();
        assertThat(notGranted.notGranted("data-dir")).singleElement().satisfies(d -> assertThat(d.reason())
                .isEqualTo(dev.plinth.security.policy.GrantDifference.Reason.NOT_GRANTED));
        assertThat(g.describe()).contains("data dir:", "16MB in at most 7 files at /data");
    }

    @Test
    void theEnvironmentIsTheAskedNamesTheGrantHas() {
        var g = effective("env = [\"TZ\", \"HOME\"]\n", "env = { TZ = \"UTC\", LANG = \"C\" }\n");
        assertThat(g.env().fixed()).containsExactly(Map.entry("TZ", "UTC"));
        assertThat(g.env().fromHost()).isEmpty();
        assertThat(g.notGranted("env")).singleElement().satisfies(d -> assertThat(d.asked()).isEqualTo("HOME"));
        assertThat(effective("", "env = [\"TZ\"]\n").env().isEmpty()).as("granted, not asked").isTrue();
    }

    @Test
    void aBareModuleGetsWhatIsGranted() {
        var g = dev.plinth.security.policy.Grants.effective(PluginManifest.forBareModule("keeper", "keeper.wasm"),
                PolicyReader.parse("[plugins.keeper]\ndata-dir = \"2MB\"\nenv = [\"TZ\"]\n", "policy.toml"));
        assertThat(g.dataDir()).contains(new DataDirQuota(2L << 20, DataDirQuota.DEFAULT_FILES));
        assertThat(g.env().fromHost()).containsExactly("TZ");
        assertThat(g.complete()).isTrue();
    }

    @Test
    void grantsAddUp() {
        PluginGrant a = PluginGrant.builder().env(new EnvironmentGrant(Map.of("TZ", "UTC"), Set.of("LANG"))).build();
        PluginGrant b = PluginGrant.builder().dataDir(new DataDirQuota(10, 2))
                .env(new EnvironmentGrant(Map.of(), Set.of("TZ"))).build();
        PluginGrant both = a.plus(b);
        assertThat(both.dataDir()).contains(new DataDirQuota(10, 2));
        assertThat(both.env()).isEqualTo(new EnvironmentGrant(Map.of(), Set.of("LANG", "TZ")));
        assertThat(a.plus(PluginGrant.NOTHING).dataDir()).isEqualTo(Optional.empty());
    }
}
