package dev.plinth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plinth call} against plugin-cli's own fixture module (see src/test/resources/wasm). */
class CallCommandTest {
    private static final String FIXTURE = Fixtures.wasm("cli-fixture.wasm").toString();

    @TempDir
    Path temp;

    @Test
    void writesTheOutputToStdoutExactly() {
        Cli.Result r = Cli.run("call", FIXTURE, "hello");

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("hello from wat".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keepsTheCompiledModuleInTheCompileCacheForTheNextCall() throws IOException {
        Path cache = temp.resolve("cache");
        for (int call = 0; call < 2; call++) {
            Cli.Result r = Cli.run("call", FIXTURE, "hello", "--compile-cache", cache.toString());
            assertThat(r.status()).as(r.toString()).isZero();
            assertThat(r.out()).isEqualTo("hello from wat");
            assertThat(r.stderr()).doesNotContain("compile cache");
        }
        try (var files = Files.list(cache)) {
            // the module's classes and its shape
            assertThat(files.map(f -> f.getFileName().toString())).hasSize(2).allMatch(f -> f.endsWith(".entry"));
        }
        assertThat(temp.resolve("cache.key")).isRegularFile();
    }

    @Test
    void passesInputTextAsUtf8() {
        Cli.Result r = Cli.run("call", FIXTURE, "echo", "--input", "grüße");

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("grüße");
    }

    @Test
    void passesAnInputFileByteForByteAndAddsNothingToBinaryOutput() throws IOException {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        Path file = Files.write(temp.resolve("input.bin"), binary);

        Cli.Result r = Cli.run("call", FIXTURE, "echo", "--input-file", file.toString());

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo(binary);
    }

    @Test
    void readsStdinForInputFileDash() {
        Cli.Result r = Cli.runWithStdin("from stdin\n".getBytes(StandardCharsets.UTF_8),
                "call", FIXTURE, "echo", "--input-file", "-");

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("from stdin\n");
    }

    @Test
    void defaultsToEmptyInput() {
        Cli.Result r = Cli.run("call", FIXTURE, "echo");

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void reportsAPluginErrorWithItsCodeAndMessage() {
        Cli.Result r = Cli.run("call", FIXTURE, "fail");

        assertThat(r.status()).isEqualTo(ExitCodes.PLUGIN_ERROR).isEqualTo(1);
        assertThat(r.firstErrLine()).startsWith("plinth: plugin-error: ").contains("it went wrong");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void reportsATrap() {
        Cli.Result r = Cli.run("call", FIXTURE, "trap");

        assertThat(r.status()).isEqualTo(ExitCodes.TRAP).isEqualTo(5);
        assertThat(r.firstErrLine()).startsWith("plinth: trap: ").contains("unreachable");
    }

    @Test
    void stopsACallThatRunsPastTimeout() {
        long started = System.nanoTime();
        Cli.Result r = Cli.run("call", FIXTURE, "spin", "--timeout", "200ms");
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCodes.LIMIT).isEqualTo(6);
        assertThat(r.firstErrLine()).startsWith("plinth: timeout: ").contains("200 ms");
        assertThat(millis).as("the timeout, not the 5s default, stopped it").isLessThan(4000);
    }

    @Test
    void stopsASpinningCallOnTheInterpreterToo() {
        Cli.Result r = Cli.run("call", FIXTURE, "spin", "--timeout", "200ms", "--interpreter");

        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCodes.LIMIT);
        assertThat(r.firstErrLine()).startsWith("plinth: timeout: ");
    }

    @Test
    void runsOnTheInterpreter() {
        Cli.Result r = Cli.run("call", FIXTURE, "echo", "--input", "x", "--interpreter");

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("x");
    }

    @Test
    void reportsAnUnknownFunctionAsNotFound() {
        Cli.Result r = Cli.run("call", FIXTURE, "no_such_function");

        assertThat(r.status()).isEqualTo(ExitCodes.NOT_FOUND).isEqualTo(3);
        assertThat(r.firstErrLine()).startsWith("plinth: not-found: ").contains("no_such_function")
                .contains("echo, fail, hello, spin, trap");
    }

    @Test
    void treatsAnExportThatIsNotExtismCallableAsNotFound() {
        Cli.Result r = Cli.run("call", FIXTURE, "helper");

        assertThat(r.status()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void reportsAModuleThatFailsToLoadWithItsLoadError() {
        Cli.Result r = Cli.run("call", Fixtures.wasm("not-extism.wasm").toString(), "add");

        assertThat(r.status()).isEqualTo(ExitCodes.CANNOT_LOAD).isEqualTo(4);
        assertThat(r.firstErrLine()).startsWith("plinth: invalid-module: ");
        assertThat(r.stderr().lines()).as("one error line, not the host's warning too").hasSize(1);
    }

    @Test
    void reportsRandomBytesAsAnInvalidModule() throws IOException {
        Path junk = Files.write(temp.resolve("junk.wasm"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});

        Cli.Result r = Cli.run("call", junk.toString(), "run");

        assertThat(r.status()).isEqualTo(ExitCodes.CANNOT_LOAD);
        assertThat(r.firstErrLine()).startsWith("plinth: invalid-module: ").contains("not a valid WebAssembly");
    }

    @Test
    void reportsABrokenManifestAsInvalidManifest() {
        Path dir = Fixtures.pluginDir(temp, "broken", "[plugin]\nname = \"Not Valid\"\nversion = \"1.0.0\"\n"
                + "entrypoint = \"cli-fixture.wasm\"\n", Fixtures.wasm("cli-fixture.wasm"));

        Cli.Result r = Cli.run("call", dir.toString(), "hello");

        assertThat(r.status()).isEqualTo(ExitCodes.CANNOT_LOAD);
        assertThat(r.firstErrLine()).startsWith("plinth: invalid-manifest: ").contains("plugin.name");
    }

    @Test
    void reportsAnIncompatibleHostApi() {
        Path dir = Fixtures.pluginDir(temp, "future", "[plugin]\nname = \"future\"\nversion = \"1.0.0\"\n"
                + "entrypoint = \"cli-fixture.wasm\"\nhost-api = \">=9.0.0\"\n", Fixtures.wasm("cli-fixture.wasm"));

        Cli.Result r = Cli.run("call", dir.toString(), "hello");

        assertThat(r.status()).isEqualTo(ExitCodes.CANNOT_LOAD);
        assertThat(r.firstErrLine()).startsWith("plinth: incompatible: ");
    }

    @Test
    void callsAPluginDirectoryWithItsManifest() {
        Path dir = Fixtures.pluginDir(temp, "greeter", "[plugin]\nname = \"greeter\"\nversion = \"1.2.3\"\n"
                + "entrypoint = \"cli-fixture.wasm\"\n", Fixtures.wasm("cli-fixture.wasm"));

        Cli.Result r = Cli.run("call", dir.toString(), "hello");

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("hello from wat");
        assertThat(r.stderr()).contains("INFO greeter: [hello] hello from wat");
    }

    @Test
    void timeoutOverridesALongerCpuTimeOfTheManifest() {
        Path dir = Fixtures.pluginDir(temp, "patient", "[plugin]\nname = \"patient\"\nversion = \"1.0.0\"\n"
                + "entrypoint = \"cli-fixture.wasm\"\n[permissions]\ncpu-time = \"30s\"\n",
                Fixtures.wasm("cli-fixture.wasm"));

        long start = System.nanoTime();
        Cli.Result r = Cli.run("call", dir.toString(), "spin", "--timeout", "200ms");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCodes.LIMIT);
        assertThat(r.stderr()).contains("plinth: warning: not granted: cpu-time 30s: set to 200ms by the operator")
                .contains("plinth: timeout: ").contains("200 ms");
        assertThat(millis).as("--timeout, not the manifest's 30s, stopped it").isLessThan(10_000);
    }

    @Test
    void timeoutOverridesAShorterCpuTimeOfTheManifestToo() {
        Path dir = Fixtures.pluginDir(temp, "slow", "[plugin]\nname = \"slow\"\nversion = \"1.0.0\"\n"
                + "entrypoint = \"cli-fixture.wasm\"\n[permissions]\ncpu-time = \"300ms\"\n",
                Fixtures.wasm("cli-fixture.wasm"));

        Cli.Result r = Cli.run("call", dir.toString(), "hello", "--timeout", "10s");

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.stderr()).doesNotContain("warning");
    }

    @Test
    void timeoutIsCappedByThePolicysCeiling() throws IOException {
        Path policy = temp.resolve("policy.toml");
        Files.writeString(policy, "[ceilings]\ncpu-time = \"300ms\"\n");

        long start = System.nanoTime();
        Cli.Result r = Cli.run("call", FIXTURE, "spin", "--timeout", "60s", "--policy", policy.toString());
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCodes.LIMIT);
        assertThat(r.stderr()).contains("plinth: timeout: ").contains("300 ms");
        assertThat(millis).isLessThan(10_000);
    }

    @Test
    void aBrokenPolicyFileNamesTheKey() throws IOException {
        Path policy = temp.resolve("policy.toml");
        Files.writeString(policy, "[ceilings]\nmemory = 12\n");

        Cli.Result r = Cli.run("call", FIXTURE, "hello", "--policy", policy.toString());

        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCodes.CANNOT_LOAD);
        assertThat(r.firstErrLine()).isEqualTo("plinth: invalid-manifest: " + policy
                + ": ceilings.memory: expected a string such as \"64MB\", found an integer");
    }

    @Test
    void badGrantsAreUsageErrors() {
        for (String[] bad : new String[][] {
            {"--grant", "read:/data", "expected KIND=RULE"},
            {"--grant", "disk=read:/data", "unknown kind \"disk\""},
            {"--grant", "fs=read:data", "must be absolute"},
            {"--grant", "net=connect:example.com", "the port is missing"},
            {"--grant", "host-function=extism:host/env::alloc", "is not a host-function name"},
            {"--fuel", "0", "fuel must be more than 0"},
            {"--fuel", "lots", "is not a number of instructions"},
        }) {
            Cli.Result r = Cli.run("call", FIXTURE, "hello", bad[0], bad[1]);
            assertThat(r.status()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.firstErrLine()).as(r.toString()).startsWith("plinth: ").contains(bad[0]).contains(bad[2]);
        }
    }

    /**
     * An Extism-style bare module run by {@code plinth call}: {@code --grant} is what it gets, a host
     * directory seen at the guest path the grant names.
     */
    @Test
    void aBareModuleGetsTheGrantedMappedDirectory(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("srv/tenant-a/data")).toRealPath();
        Files.writeString(data.resolve("a.txt"), "from tenant a");
        Path bare = Files.copy(dev.plinth.testing.TestPlugins.wasmOf(dev.plinth.testing.TestPlugins.hostile("fs-attacker")),
                Files.createDirectories(dir.resolve("plugins")).resolve("fs-attacker.wasm"));

        Cli.Result granted = Cli.run("call", bare.toString(), "read_file", "--input", "/data/a.txt",
                "--grant", "fs=read:" + data + ":/data");
        Cli.Result ungranted = Cli.run("call", bare.toString(), "read_file", "--input", "/data/a.txt");

        assertThat(granted.status()).as(granted.toString()).isZero();
        assertThat(granted.out()).isEqualTo("from tenant a");
        assertThat(ungranted.status()).as(ungranted.toString()).isNotZero();
        assertThat(ungranted.out()).isEmpty();
    }

    @Test
    void grantsAndFuelAreAccepted() {
        Cli.Result r = Cli.run("call", FIXTURE, "hello", "--grant", "fs=read:/tmp", "--grant",
                "net=connect:*.example.com:443", "--grant", "host-function=lookup", "--fuel", "50_000_000");

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("hello from wat");
    }

    @Test
    void showsPluginLogLinesOnStderrWithThePluginsName() {
        Cli.Result r = Cli.run("call", FIXTURE, "hello");

        assertThat(r.stderr()).contains("INFO cli-fixture: [hello] hello from wat")
                .doesNotContain("debug detail");
        assertThat(r.out()).doesNotContain("INFO");
    }

    @Test
    void quietHidesPluginLogLines() {
        Cli.Result r = Cli.run("call", FIXTURE, "hello", "--quiet");

        assertThat(r.status()).isZero();
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void quietStillShowsErrors() {
        Cli.Result r = Cli.run("call", "-q", FIXTURE, "fail");

        assertThat(r.status()).isEqualTo(ExitCodes.PLUGIN_ERROR);
        assertThat(r.firstErrLine()).startsWith("plinth: plugin-error: ");
    }

    @Test
    void verboseShowsDebugLinesAndTheHostsOwn() {
        Cli.Result r = Cli.run("--verbose", "call", FIXTURE, "hello");

        assertThat(r.status()).isZero();
        assertThat(r.stderr()).contains("DEBUG cli-fixture: [hello] debug detail")
                .contains("loaded plugin cli-fixture")
                .contains("returned 14 bytes");
        assertThat(r.out()).isEqualTo("hello from wat");
    }

    @Test
    void appliesConfigOverridesAndRejectsMalformedOnes() {
        Cli.Result ok = Cli.run("call", FIXTURE, "hello", "--config", "mode=upper", "--config", "x=1");
        Cli.Result bad = Cli.run("call", FIXTURE, "hello", "--config", "mode");

        assertThat(ok.status()).as(ok.toString()).isZero();
        assertThat(bad.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.firstErrLine()).startsWith("plinth: ").contains("expected <key=value>");
    }

    @Test
    void missingPluginFileIsAUsageError() {
        Cli.Result r = Cli.run("call", temp.resolve("nope.wasm").toString(), "run");

        assertThat(r.status()).isEqualTo(ExitCodes.USAGE).isEqualTo(2);
        assertThat(r.stderr().lines()).containsExactly(
                "plinth: no such file: " + temp.resolve("nope.wasm"),
                "Try 'plinth call --help' for more information.");
    }

    @Test
    void missingInputFileIsAUsageError() {
        Cli.Result r = Cli.run("call", FIXTURE, "echo", "--input-file", temp.resolve("absent.txt").toString());

        assertThat(r.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.firstErrLine()).isEqualTo("plinth: no such file: " + temp.resolve("absent.txt"));
    }

    @Test
    void inputAndInputFileTogetherIsAUsageError() throws IOException {
        Path file = Files.writeString(temp.resolve("in.txt"), "x");

        Cli.Result r = Cli.run("call", FIXTURE, "echo", "--input", "x", "--input-file", file.toString());

        assertThat(r.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.firstErrLine()).isEqualTo("plinth: --input and --input-file cannot be used together");
    }

    @Test
    void badLimitValuesAreUsageErrors() {
        Cli.Result timeout = Cli.run("call", FIXTURE, "hello", "--timeout", "soon");
        Cli.Result memory = Cli.run("call", FIXTURE, "hello", "--memory", "lots");

        assertThat(timeout.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(timeout.firstErrLine()).startsWith("plinth: ").contains("--timeout").contains("soon");
        assertThat(memory.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(memory.firstErrLine()).startsWith("plinth: ").contains("--memory").contains("lots");
    }

    @Test
    void aMemoryLimitBelowWhatTheModuleStartsWithFailsTheLoad() {
        Cli.Result r = Cli.run("call", Fixtures.wasm("reactor.wasm").toString(), "run", "--memory", "64KB");

        assertThat(r.status()).as(r.toString()).isEqualTo(ExitCodes.LIMIT);
        assertThat(r.firstErrLine()).startsWith("plinth: memory-limit: ");
    }
}
