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
    void aCoreModuleGetsItsKeyValueStoreAndEventsFromGrantKvAndEvents() {
        Path guestbook = dev.plinth.testing.TestPlugins.copyTree(dev.plinth.testing.TestPlugins.sample("guestbook"),
                temp.resolve("guestbook"));
        String data = temp.resolve("data").toString();
        String[] grants = {"--grant", "kv=10", "--grant", "events=emit:guestbook.*", "--grant", "data-dir=1MB",
            "--data-dir", data};
        Cli.Result refused = Cli.run("call", guestbook.toString(), "entries", "--input", "", "--grant", "data-dir=1MB",
                "--data-dir", data);
        assertThat(refused.status()).as(refused.toString()).isNotZero();
        assertThat(refused.stderr()).contains("key-value store");

        String[] sign = concat(new String[] {"call", guestbook.toString(), "sign", "--input",
            "{\"name\": \"Ada\", \"message\": \"Hello\"}"}, grants);
        assertThat(out(Cli.run(sign))).contains("\"entries\":1");
        assertThat(out(Cli.run(concat(new String[] {"call", guestbook.toString(), "entries", "--input", ""}, grants))))
                .as("kept under --data-dir from one call to the next").contains("\"name\":\"Ada\"");

        Cli.Result bad = Cli.run("call", guestbook.toString(), "entries", "--grant", "kv=lots");
        assertThat(bad.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.firstErrLine()).isEqualTo("plinth: --grant \"kv=lots\": \"lots\" is not a number of keys"
                + " (kv=1000)");
        Cli.Result badEvents = Cli.run("call", guestbook.toString(), "entries", "--grant", "events=note.*");
        assertThat(badEvents.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(badEvents.firstErrLine()).startsWith("plinth: --grant \"events=note.*\": expected"
                + " events=emit:TYPE or events=subscribe:TYPE");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void aBadGrantIsAUsageError() {
        Cli.Result r = Cli.run("call", C_PLUGIN, "env", "--input", "TZ", "--grant", "env=A-B");
        assertThat(r.status()).as(r.toString()).isNotZero();
        assertThat(r.stderr()).contains("--grant \"env=A-B\": \"A-B\" is not an environment variable name");
    }
}
