package dev.plinth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testing.TestPlugins;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plinth call} with {@code --grant env=...}, {@code --grant data-dir=...} and
 * {@code --data-dir}, against the wasi-libc C plugin (a bare module: it gets exactly its grant).
 */
class HostServicesCallTest {
    private static final String C_PLUGIN = TestPlugins.pdkPlugin("c-wasi-reactor").resolve("c_wasi_reactor.wasm")
            .toString();

    @TempDir
    Path temp;

    private static String out(Cli.Result r) {
        assertThat(r.status()).as(r.toString()).isZero();
        return new String(r.stdout(), StandardCharsets.UTF_8);
    }

    @Test
    void theGrantedVariablesAreWhatThePluginSees() {
        assertThat(out(Cli.run("call", C_PLUGIN, "env", "--input", "TZ", "--grant", "env=TZ=Europe/Oslo")))
                .isEqualTo("Europe/Oslo");
        assertThat(out(Cli.run("call", C_PLUGIN, "env", "--input", "PATH", "--grant", "env=PATH")))
                .isEqualTo(System.getenv("PATH"));
        assertThat(out(Cli.run("call", C_PLUGIN, "env", "--input", "PATH", "--grant", "env=TZ=UTC"))).isEqualTo("<unset>");
    }

    @Test
    void aDataDirectoryWithoutARootIsRefusedSayingSo() {
        Cli.Result r = Cli.run("call", C_PLUGIN, "env", "--input", "TZ", "--grant", "data-dir=1MB");
        assertThat(r.status()).as(r.toString()).isNotZero();
        assertThat(r.stderr()).contains("engine has no data-dir root", "--data-dir");

        assertThat(out(Cli.run("call", C_PLUGIN, "env", "--input", "TZ", "--grant", "data-dir=1MB", "--data-dir",
                temp.resolve("data").toString()))).isEqualTo("<unset>");
        assertThat(temp.resolve("data").resolve("c-wasi-reactor")).isDirectory();
    }

    @Test
    void inspectShowsTheAskAndTheGrantAsTextAndJson() throws java.io.IOException {
        Path dir = Fixtures.pluginDir(temp, "keeper", """
                [plugin]
                name = "keeper"
                version = "1.0.0"
                entrypoint = "cli-fixture.wasm"
                [permissions]
                data-dir = "64MB"
                env = ["TZ", "LANG"]
                """, Fixtures.wasm("cli-fixture.wasm"));
        Path policy = temp.resolve("policy.toml");
        java.nio.file.Files.writeString(policy, """
                [plugins.keeper]
                data-dir = "16MB"
                data-dir-files = 100
                env = { TZ = "UTC" }
                """);
        Cli.Result r = Cli.run("inspect", dir.toString(), "--policy", policy.toString());
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out())
                .containsPattern("  data-dir\\s+64MB\n")
                .containsPattern("  env\\s+TZ, LANG\n")
                .containsPattern("  data dir\\s+16MB in at most 100 files at /data\n")
                .containsPattern("  env\\s+TZ \\(fixed\\)\n")
                .contains("  data-dir 64MB: capped by the grant at 16MB")
                .contains("  env LANG: not granted by the policy");

        Cli.Result json = Cli.run("inspect", dir.toString(), "--policy", policy.toString(), "--json");
        assertThat(json.status()).as(json.toString()).isZero();
        tools.jackson.databind.JsonNode grants = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(json.out()).get("grants");
        assertThat(grants.get("dataDir").get("path").stringValue()).isEqualTo("/data");
        assertThat(grants.get("dataDir").get("quotaBytes").longValue()).isEqualTo(16L << 20);
        assertThat(grants.get("dataDir").get("files").longValue()).isEqualTo(100);
        assertThat(grants.get("env").get(0).stringValue()).isEqualTo("TZ");
        assertThat(grants.get("env")).hasSize(1);
    }

    @Test
    void aBadGrantIsAUsageError() {
        Cli.Result r = Cli.run("call", C_PLUGIN, "env", "--input", "TZ", "--grant", "env=A-B");
        assertThat(r.status()).as(r.toString()).isNotZero();
        assertThat(r.stderr()).contains("--grant \"env=A-B\": \"A-B\" is not an environment variable name");
    }
}
