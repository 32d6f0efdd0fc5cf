package dev.plinth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code plinth inspect} on plugin-cli's own modules and on plugin directories made in the test. */
class InspectCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path temp;

    @Test
    void describesABareModule() {
        Cli.Result r = Cli.run("inspect", Fixtures.wasm("cli-fixture.wasm").toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("cli-fixture 0.0.0  (bare module: no plugin.toml; it asks for nothing and gets what the"
                        + " operator grants it)")
                .contains("a bare module gets its grant as it stands, less the deny rules")
                .containsPattern("sha256\\s+[0-9a-f]{64}")
                .containsPattern("\\* hello\\s+function\\s+\\(\\) -> i32")
                .containsPattern("  helper\\s+function\\s+\\(i32\\) -> i32")
                .containsPattern("extism:host/env.output_set\\s+\\(i64, i64\\) -> \\(\\)\\s+extism-abi")
                .contains("1 page initially (64KB), no maximum, exported as \"memory\"")
                .contains("Extism-compatible: yes")
                .contains("Loads in Plinth: yes")
                .doesNotContain("Permissions asked for");
        assertThat(r.stderr()).isEmpty();
    }

    /** The operator's grant is what a bare module gets, mapped paths, globs and headers included. */
    @Test
    void showsThatABareModuleGetsItsGrant() throws IOException {
        Path data = Files.createDirectories(temp.resolve("srv/tenant-a/data")).toRealPath();
        String wasm = Fixtures.wasm("cli-fixture.wasm").toString();

        Cli.Result r = Cli.run("inspect", wasm, "--grant", "fs=read:" + data + ":/data", "--grant",
                "net=connect:jsonplaceholder.*.com:443", "--grant", "http-response-headers=true",
                "--grant", "fs=read:/etc");

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("Granted under the default policy with --grant")
                .containsPattern("  fs\\s+read:" + java.util.regex.Pattern.quote(data.toString()) + ":/data\n")
                .containsPattern("  net\\s+connect:jsonplaceholder\\.\\*\\.com:443\n")
                .containsPattern("  http headers\\s+returned by http_headers")
                .contains("Granted but refused by a deny rule")
                .contains("  fs read:/etc: denied: read:/etc by the policy's deny rule read:/etc");

        Cli.Result json = Cli.run("inspect", wasm, "--json", "--grant", "fs=read:" + data + ":/data");
        JsonNode grants = JSON.readTree(json.out()).get("grants");
        assertThat(grants.get("fs").get(0).stringValue()).isEqualTo("read:" + data + ":/data");
        assertThat(grants.get("httpResponseHeaders").asBoolean()).isFalse();

        Cli.Result none = Cli.run("inspect", wasm);
        assertThat(none.out()).containsPattern("  fs\\s+none").containsPattern("  net\\s+none");
    }

    @Test
    void badGrantsForInspectAreUsageErrors() {
        String wasm = Fixtures.wasm("cli-fixture.wasm").toString();
        for (String[] bad : new String[][] {
            {"fs=read:/srv/a:/data", "fs=read:/srv/b:/data", "onto the same guest path /data"},
            {"net=connect:*.*:443", "net=connect:a.example.com:443", "would match (nearly) every host"},
            {"http-response-headers=yes", "net=connect:a.example.com:443", "\"yes\" is not true or false"},
        }) {
            Cli.Result r = Cli.run("inspect", wasm, "--grant", bad[0], "--grant", bad[1]);
            assertThat(r.status()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.firstErrLine()).as(r.toString()).startsWith("plinth: ").contains(bad[2]);
        }
    }

    @Test
    void explainsWhyAModuleIsNotExtismCompatible() {
        Cli.Result r = Cli.run("inspect", Fixtures.wasm("not-extism.wasm").toString());

        assertThat(r.status()).as("the report itself succeeded").isZero();
        assertThat(r.out())
                .contains("Extism-compatible: no")
                .contains("PROBLEM: wrong-type, expected (i64) -> i64")
                .contains("from \"env\" (abort, seed)")
                .contains("extism:host/env.teleport, which is not part of the Extism ABI")
                .contains("exports no function of type () -> i32")
                .contains("Loads in Plinth: no");
    }

    @Test
    void checkTurnsAnUnloadablePluginIntoAnExitStatus() {
        Cli.Result bad = Cli.run("inspect", "--check", Fixtures.wasm("not-extism.wasm").toString());
        Cli.Result good = Cli.run("inspect", "--check", Fixtures.wasm("cli-fixture.wasm").toString());

        assertThat(bad.status()).isEqualTo(ExitCodes.NOT_LOADABLE).isEqualTo(10);
        assertThat(good.status()).isZero();
    }

    @Test
    void showsWhatTablesAndGlobalsTakeOfTheHostsHeapAndTheCode() {
        Cli.Result r = Cli.run("inspect", Fixtures.wasm("tables-and-globals.wasm").toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out())
                .containsPattern("host heap per instance: \\S+ \\(1,000 table entries, 2 globals\\), beside its linear"
                        + " memory")
                .containsPattern("code: 1 function, \\d+ instructions, largest \\d+ bytes, nested 2 deep");
        JsonNode json = JSON.readTree(Cli.run("inspect", "--json",
                Fixtures.wasm("tables-and-globals.wasm").toString()).out());
        assertThat(json.get("shape").get("tableElements").asLong()).isEqualTo(1000);
        assertThat(json.get("shape").get("instanceHostBytes").asLong()).isEqualTo(1000 * 8 + 2 * 48);
    }

    @Test
    void refusesAModuleOverItsShapeLimitsBeforeParsingIt() {
        Cli.Result r = Cli.run("inspect", Fixtures.wasm("huge-tables.wasm").toString());

        assertThat(r.status()).as(r.toString()).isNotZero();
        assertThat(r.stderr()).contains("invalid-module").contains("huge-tables.wasm declares tables of 10000000"
                + " entries to start with (table 0: 10000000), more than table-elements 100000 allows");
    }

    @Test
    void printsJson() {
        Cli.Result r = Cli.run("inspect", "--json", Fixtures.wasm("reactor.wasm").toString());

        assertThat(r.status()).as(r.toString()).isZero();
        JsonNode json = JSON.readTree(r.out());
        assertThat(json.get("bare").asBoolean()).isTrue();
        assertThat(json.get("manifest").get("name").asString()).isEqualTo("reactor");
        assertThat(json.get("sha256").asString()).hasSize(64);
        assertThat(json.get("size").asLong()).isEqualTo(Fixtures.wasm("reactor.wasm").toFile().length());
        assertThat(json.get("reactor").asBoolean()).isTrue();
        assertThat(json.get("extismCompatible").asBoolean()).isTrue();
        assertThat(json.get("loadable").asBoolean()).isTrue();
        assertThat(json.get("memory").get("initialPages").asInt()).isEqualTo(17);
        assertThat(json.get("memory").get("maxPages").asInt()).isEqualTo(32);
        assertThat(json.get("memory").get("exportedAs").asString()).isEqualTo("memory");
        assertThat(json.get("exports").valueStream().filter(e -> e.get("callable").asBoolean())
                .map(e -> e.get("name").asString())).containsExactly("run");
        assertThat(json.get("imports").get(0).get("module").asString()).isEqualTo("wasi_snapshot_preview1");
        assertThat(json.get("imports").get(0).get("status").asString()).isEqualTo("wasi");
        assertThat(json.get("incompatibilities")).isEmpty();
    }

    @Test
    void printsJsonReasonsForAnIncompatibleModule() {
        Cli.Result r = Cli.run("inspect", "--json", Fixtures.wasm("not-extism.wasm").toString());

        JsonNode json = JSON.readTree(r.out());
        assertThat(json.get("extismCompatible").asBoolean()).isFalse();
        // an unexported memory is no longer an incompatibility (issue 12)
        assertThat(json.get("incompatibilities")).hasSize(4);
        JsonNode alloc = json.get("imports").get(0);
        assertThat(alloc.get("status").asString()).isEqualTo("wrong-type");
        assertThat(alloc.get("ok").asBoolean()).isFalse();
        assertThat(alloc.get("expectedType").asString()).isEqualTo("(i64) -> i64");
        assertThat(json.get("memory").get("exportedAs").isNull()).isTrue();
    }

    @Test
    void describesAPluginDirectoryWithItsManifest() {
        Path dir = Fixtures.pluginDir(temp, "greeter", """
                [plugin]
                name = "greeter"
                version = "1.2.3"
                description = "Says hello"
                entrypoint = "cli-fixture.wasm"
                host-api = ">=1.0.0, <2.0.0"

                [exports.hello]
                output = "text"

                [exports.missing]
                input = "json"
                output = "json"

                [config]
                greeting = "hi"

                [permissions]
                net = ["connect:api.example.com:443"]
                memory = "32MB"
                cpu-time = "2s"
                """, Fixtures.wasm("cli-fixture.wasm"));

        Cli.Result text = Cli.run("inspect", dir.toString());
        Cli.Result json = Cli.run("inspect", dir.toString(), "--json");

        assertThat(text.status()).as(text.toString()).isZero();
        assertThat(text.out())
                .contains("greeter 1.2.3")
                .containsPattern("description\\s+Says hello")
                .containsPattern("host-api\\s+>=1.0.0, <2.0.0  \\(this host implements 1.0.0\\)")
                .containsPattern("hello\\s+bytes -> text")
                .containsPattern("missing\\s+json -> json")
                .containsPattern("greeting\\s+= \"hi\"")
                .containsPattern("net\\s+connect:api.example.com:443")
                .containsPattern("memory\\s+32MB")
                .containsPattern("cpu-time\\s+2s")
                .contains("Extism-compatible: yes")
                .contains("exports.missing: the manifest declares it, but the module exports no function")
                .contains("Loads in Plinth: no");
        JsonNode manifest = JSON.readTree(json.out()).get("manifest");
        assertThat(manifest.get("exports").get("hello").get("output").asString()).isEqualTo("text");
        assertThat(manifest.get("config").get("greeting").asString()).isEqualTo("hi");
        assertThat(manifest.get("permissions").get("net").get(0).asString()).isEqualTo("connect:api.example.com:443");
        assertThat(manifest.get("permissions").get("cpuTimeMillis").asLong()).isEqualTo(2000);
        assertThat(JSON.readTree(json.out()).get("manifestProblems")).hasSize(1);
    }

    @Test
    void reportsRandomBytesAsAnInvalidModule() throws IOException {
        byte[] junk = new byte[512];
        new Random(42).nextBytes(junk);
        Path file = Files.write(temp.resolve("random.wasm"), junk);

        Cli.Result r = Cli.run("inspect", file.toString());
        Cli.Result json = Cli.run("inspect", "--json", file.toString());

        assertThat(r.status()).isEqualTo(ExitCodes.CANNOT_LOAD).isEqualTo(4);
        assertThat(r.firstErrLine()).startsWith("plinth: invalid-module: " + file)
                .contains("is not a valid WebAssembly module");
        assertThat(r.stdout()).isEmpty();
        assertThat(json.status()).isEqualTo(ExitCodes.CANNOT_LOAD);
        assertThat(JSON.readTree(json.out()).get("error").get("code").asString()).isEqualTo("invalid-module");
    }

    @Test
    void reportsAMissingEntrypointAsInvalidManifest() {
        Path dir = Fixtures.pluginDir(temp, "hollow", "[plugin]\nname = \"hollow\"\nversion = \"1.0.0\"\n"
                + "entrypoint = \"elsewhere.wasm\"\n", Fixtures.wasm("cli-fixture.wasm"));

        Cli.Result r = Cli.run("inspect", dir.toString());

        assertThat(r.status()).isEqualTo(ExitCodes.CANNOT_LOAD);
        assertThat(r.firstErrLine()).startsWith("plinth: invalid-manifest: ").contains("elsewhere.wasm");
    }

    @Test
    void missingFileIsAUsageError() {
        Cli.Result r = Cli.run("inspect", "no/such/plugin");

        assertThat(r.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr().lines()).containsExactly("plinth: no such file: no/such/plugin",
                "Try 'plinth inspect --help' for more information.");
    }

    private static final String ASKING = """
            [plugin]
            name = "asker"
            version = "1.0.0"
            entrypoint = "cli-fixture.wasm"

            [permissions]
            fs = ["read:/data", "read:/etc/passwd"]
            net = ["connect:api.example.com:443"]
            memory = "512MB"
            """;

    @Test
    void printsTheEffectiveGrantsAndWhatWasNotGrantedUnderTheDefaultPolicy() {
        Path dir = Fixtures.pluginDir(temp, "asker", ASKING, Fixtures.wasm("cli-fixture.wasm"));

        Cli.Result r = Cli.run("inspect", dir.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("Granted under the default policy")
                .containsPattern("  fs\\s+none")
                .containsPattern("  memory\\s+512MB")
                .contains("Asked for but not granted")
                .contains("  fs read:/data: not granted (the policy grants no fs rules)")
                .contains("  net connect:api.example.com:443: not granted");
    }

    @Test
    void printsTheGrantsUnderAPolicyFileAsTextAndJson() throws IOException {
        Path dir = Fixtures.pluginDir(temp, "asker", ASKING, Fixtures.wasm("cli-fixture.wasm"));
        Path policy = temp.resolve("policy.toml");
        Files.writeString(policy, """
                [ceilings]
                memory = "128MB"
                [plugins.asker]
                fs = ["read:/"]
                net = ["connect:*.example.com:443"]
                """);

        Cli.Result r = Cli.run("inspect", dir.toString(), "--policy", policy.toString());
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("Granted under the policy " + policy)
                .containsPattern("  fs\\s+read:/data\n")
                .containsPattern("  net\\s+connect:api.example.com:443\n")
                .containsPattern("  memory\\s+128MB")
                .contains("  fs read:/etc/passwd: denied: read:/etc/passwd by the policy's deny rule read:/etc")
                .contains("  memory 512MB: capped at the ceiling 128MB");

        Cli.Result json = Cli.run("inspect", dir.toString(), "--policy", policy.toString(), "--json");
        assertThat(json.status()).as(json.toString()).isZero();
        JsonNode grants = JSON.readTree(json.out()).get("grants");
        assertThat(grants.get("fs").get(0).stringValue()).isEqualTo("read:/data");
        assertThat(grants.get("limits").get("memory").stringValue()).isEqualTo("128MB");
        assertThat(grants.get("limitValues").get("cpuTime").longValue()).isEqualTo(5_000_000_000L);
        assertThat(grants.get("refusedImports")).isEmpty();
        assertThat(JSON.readTree(json.out()).get("policy").stringValue()).isEqualTo("policy " + policy);
        assertThat(grants.get("notGranted").get(0).get("reason").stringValue()).isEqualTo("denied");
    }

    @Test
    void aModuleLinkedOutOfItsFolderIsRefusedUnlessTheFlagAllowsIt() throws IOException {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        Path link = Files.createSymbolicLink(plugins.resolve("linked.wasm"), Fixtures.wasm("cli-fixture.wasm")
                .toAbsolutePath());

        Cli.Result refused = Cli.run("inspect", link.toString());
        Cli.Result allowed = Cli.run("inspect", "--allow-symlinks-out-of-folder", link.toString());

        assertThat(refused.status()).as(refused.toString()).isEqualTo(4);
        assertThat(refused.stderr()).contains("linked.wasm: a symbolic link to").contains("outside the plugins folder");
        assertThat(allowed.status()).as(allowed.toString()).isZero();
        assertThat(allowed.out()).contains("Loads in Plinth: yes");
    }

    @Test
    void aModuleThatIsAFifoIsRefusedAtOnce() throws Exception {
        Path fifo = temp.resolve("jam.wasm");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();

        long started = System.nanoTime();
        Cli.Result r = Cli.run("inspect", fifo.toString());

        assertThat((System.nanoTime() - started) / 1_000_000).as("no hang").isLessThan(5_000);
        assertThat(r.status()).as(r.toString()).isEqualTo(4);
        assertThat(r.stderr()).contains("jam.wasm: a FIFO (named pipe), not a regular file");
    }
}
