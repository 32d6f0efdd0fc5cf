package dev.plinth.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testing.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code plinth call} and {@code plinth inspect --check} of real components loaded by the engine, under the
 * command line's grants: a WASI command built from C ({@code src/test/c/cli_wasi.c}, clang-14 for wasm32-wasi and
 * {@code jco new --wasi-command}) sees exactly the file and variable granted; the Rust notes component keeps a
 * note in its key-value store from one call to the next under {@code --data-dir}, and is refused naming the
 * service when it is not granted; {@code inspect --check} loads a component as the engine would.
 */
class ComponentGrantsCallTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Path command;

    @TempDir
    static Path built;
    @TempDir
    Path temp;

    @BeforeAll
    static void build() throws Exception {
        command = commandFromC(Path.of("src/test/c/cli_wasi.c"), built);
    }

    private Path inputs() throws IOException {
        Path in = Files.createDirectories(temp.resolve("in"));
        Files.writeString(in.resolve("hello.txt"), "granted text");
        return in;
    }

    @Test
    void aWasiCommandSeesTheGrantedFileAndVariable() throws IOException {
        Path in = inputs();
        Cli.Result r = Cli.run("call", command.toString(), "run", "--grant", "fs=read:" + in + ":/in",
                "--grant", "env=GREETING=hello");
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("{\"ok\":null}\n");
        assertThat(r.stderr()).contains("[stdout] env: hello", "[stdout] file: granted text",
                "[stdout] climb: refused");
        assertThat(r.stderr()).as("the climb out of /in is refused, audited, and said")
                .contains("plinth: warning: refused: ");
    }

    @Test
    void withoutTheGrantsItSeesNeither() throws IOException {
        inputs();
        Cli.Result r = Cli.run("call", command.toString(), "run");
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.stderr()).contains("[stdout] env: unset", "[stdout] file: none");
        assertThat(r.stderr()).doesNotContain("granted text");
    }

    private static String request(String id, String operation, String payload, String key) {
        return "[{\"id\":\"" + id + "\",\"operation\":\"" + operation + "\",\"payload\":" + payload
                + ",\"attributes\":[[\"key\",\"" + key + "\"]]}]";
    }

    private List<String> notes(Path plugin, Path data, String args, String... more) {
        List<String> argv = new ArrayList<>(List.of("call", plugin.toString(), "process", "--args", args));
        argv.addAll(List.of(more));
        if (data != null) {
            argv.addAll(List.of("--data-dir", data.toString()));
        }
        return argv;
    }

    private static final String[] NOTES_GRANTS = {"--grant", "kv=100", "--grant", "events=emit:note.*",
        "--grant", "data-dir=1MB", "--grant", "net=connect:*:443"};

    @Test
    void theNotesComponentKeepsANoteInItsKeyValueStoreFromOneCallToTheNext() {
        Path plugin = TestPlugins.copyTree(TestPlugins.component("notes-component"), temp.resolve("notes-component"));
        Path data = temp.resolve("data");
        Cli.Result put = Cli.run(notes(plugin, data, request("r1", "put", "{\"text\":\"remember the milk\"}", "a"),
                NOTES_GRANTS).toArray(String[]::new));
        assertThat(put.status()).as(put.toString()).isZero();
        assertThat(JSON.readTree(put.out()).get("ok").get("id").stringValue()).isEqualTo("r1");

        Cli.Result get = Cli.run(notes(plugin, data, request("r2", "get", "\"empty\"", "a"), NOTES_GRANTS)
                .toArray(String[]::new));
        assertThat(get.status()).as(get.toString()).isZero();
        JsonNode ok = JSON.readTree(get.out()).get("ok");
        assertThat(ok.get("payload").get("text").stringValue()).as("read back in a second process-like run")
                .isEqualTo("remember the milk");

        Cli.Result missing = Cli.run(notes(plugin, data, request("r3", "get", "\"empty\"", "b"), NOTES_GRANTS)
                .toArray(String[]::new));
        assertThat(missing.status()).as(missing.toString()).isZero();
        assertThat(missing.out()).isEqualTo("{\"err\":{\"failed\":\"no note/b\"}}\n");
    }

    @Test
    void theNotesComponentWithoutItsKeyValueGrantIsRefusedNamingIt() {
        Path plugin = TestPlugins.copyTree(TestPlugins.component("notes-component"), temp.resolve("notes-component"));
        Cli.Result r = Cli.run(notes(plugin, temp.resolve("data"), request("r1", "get", "\"empty\"", "a"),
                "--grant", "events=emit:note.*", "--grant", "data-dir=1MB", "--grant", "net=connect:*:443")
                .toArray(String[]::new));
        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCodes.PERMISSION_DENIED);
        assertThat(r.firstErrLine()).startsWith("plinth: permission-denied: ")
                .contains("imports plinth:plugin/kv-store@0.1.0, but the security policy does not grant plugin"
                        + " notes-component a key-value store");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void inspectCheckLoadsAComponentAsTheEngineWould() throws IOException {
        Path plugin = TestPlugins.copyTree(TestPlugins.component("notes-component"), temp.resolve("notes-component"));
        List<String> good = new ArrayList<>(List.of("inspect", "--check", plugin.toString()));
        good.addAll(List.of(NOTES_GRANTS));
        Cli.Result granted = Cli.run(good.toArray(String[]::new));
        assertThat(granted.status()).as(granted.toString()).isZero();
        assertThat(granted.out()).contains("  loads     yes, as the engine loads it")
                .contains("import plinth:plugin/kv-store@0.1.0;");

        Cli.Result bare = Cli.run("inspect", "--check", plugin.toString());
        assertThat(bare.status()).as(bare.toString()).isEqualTo(ExitCodes.NOT_LOADABLE);
        assertThat(bare.out()).contains("  loads     no: permission-denied: ");

        // the notes component under a manifest naming the smaller plugin world: incompatible, the first
        // difference named
        Path manifest = plugin.resolve("plugin.toml");
        Files.writeString(manifest, Files.readString(manifest).replace("[permissions]",
                "world = \"plinth:plugin/plugin@0.1.0\"\n\n[permissions]"));
        List<String> incompatible = new ArrayList<>(List.of("inspect", "--check", "--json", plugin.toString(),
                "--wit", Path.of("").toAbsolutePath().resolveSibling("wit").toString()));
        incompatible.addAll(List.of(NOTES_GRANTS));
        Cli.Result refused = Cli.run(incompatible.toArray(String[]::new));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(ExitCodes.NOT_LOADABLE);
        JsonNode report = JSON.readTree(refused.out());
        assertThat(report.get("loadable").booleanValue()).isFalse();
        assertThat(report.get("code").stringValue()).isEqualTo("incompatible");
        assertThat(report.get("reason").stringValue()).endsWith("does not implement world"
                + " plinth:plugin/plugin@0.1.0: import plinth:plugin/kv-store@0.1.0: not an import in the world,"
                + " which imports [plinth:plugin/logger@0.1.0]");
    }

    /** clang-14 for wasm32-wasi (Debian's wasi-libc), then {@code jco new --wasi-command}, as plugin-host's tests do. */
    static Path commandFromC(Path source, Path dir) throws Exception {
        String jco = System.getProperty("plinth.jco");
        String clang = "/usr/bin/clang-14";
        if (jco == null || !Files.isExecutable(Path.of(jco)) || !Files.isExecutable(Path.of(clang))) {
            throw new IllegalStateException("this test needs jco (system property plinth.jco: " + jco
                    + ") and clang-14 with wasi-libc (Debian packages clang-14, lld-14, wasi-libc)");
        }
        Path core = dir.resolve("core.wasm");
        Path component = dir.resolve("cli-wasi.wasm");
        exec(List.of(clang, "--target=wasm32-wasi", "--sysroot=/usr", "-O2", source.toString(), "-o",
                core.toString()));
        exec(List.of(jco, "new", core.toString(), "--wasi-command", "-o", component.toString()));
        return component;
    }

    private static void exec(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
