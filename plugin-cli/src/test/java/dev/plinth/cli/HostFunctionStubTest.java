package dev.plinth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plinth call --host-function}: stubs for the application host functions a plugin imports. */
class HostFunctionStubTest {
    private static final String MANIFEST = """
            [plugin]
            name = "host-caller"
            version = "1.0.0"
            entrypoint = "host-caller.wasm"

            [permissions]
            host-functions = ["lookup"]
            """;

    @TempDir
    Path temp;

    private String plugin;

    @BeforeEach
    void makePlugin() {
        plugin = Fixtures.pluginDir(temp, "host-caller", MANIFEST, Fixtures.wasm("host-caller.wasm")).toString();
    }

    @Test
    void withoutAStubTheLoadFailsWithAHint() {
        Cli.Result r = Cli.run("call", plugin, "ask", "--input", "key");

        assertThat(r.status()).isEqualTo(ExitCodes.CANNOT_LOAD);
        assertThat(r.stderr().lines()).containsExactly(
                r.firstErrLine(),
                "plinth: hint: to run it here, stub the host functions it imports: --host-function lookup");
        assertThat(r.firstErrLine()).startsWith("plinth: invalid-module: ").contains("lookup");
    }

    @Test
    void aStubInAnotherNamespaceServesAGoPdkStyleImport() {
        String wat = Fixtures.watText("host-caller.wasm").replace("(import \"extism:host/user\" \"lookup\"",
                "(import \"host\" \"hostGreenMessage\"");
        Path goStyle = Fixtures.pluginDir(temp, "go-caller", MANIFEST.replace("host-caller", "go-caller")
                .replace("[\"lookup\"]", "[\"host::hostGreenMessage\"]"), Fixtures.assembled("go-caller.wasm", wat));

        Cli.Result without = Cli.run("call", goStyle.toString(), "ask", "--input", "key");
        assertThat(without.status()).isEqualTo(ExitCodes.CANNOT_LOAD);
        assertThat(without.stderr()).contains("--host-function host::hostGreenMessage");

        Cli.Result r = Cli.run("call", goStyle.toString(), "ask", "--input", "key",
                "--host-function", "host::hostGreenMessage=green");
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("green");
    }

    @Test
    void aStubNameNoHostFunctionCanHaveIsAUsageError() {
        Cli.Result r = Cli.run("call", plugin, "ask", "--input", "key", "--host-function", "extism:host/env::alloc");

        assertThat(r.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr()).contains("--host-function extism:host/env::alloc").contains("the host's own");
    }

    @Test
    void aBareStubEchoesItsArgument() {
        Cli.Result r = Cli.run("call", plugin, "ask", "--input", "key-42", "--host-function", "lookup");

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("key-42");
    }

    @Test
    void aStubReturnsAFixedReply() {
        Cli.Result r = Cli.run("call", plugin, "ask", "--input", "key", "--host-function", "lookup={\"tier\":\"gold\"}");

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("{\"tier\":\"gold\"}");
    }

    @Test
    void aStubReturnsAFilesBytes() throws IOException {
        Path reply = Files.write(temp.resolve("reply.bin"), new byte[] {0, 1, 2, (byte) 0xff});

        Cli.Result r = Cli.run("call", plugin, "ask", "--input", "key", "--host-function", "lookup=@" + reply);

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.stdout()).containsExactly(0, 1, 2, 0xff);
    }

    @Test
    void anEmptyReplyReturnsNothing() {
        Cli.Result r = Cli.run("call", plugin, "ask", "--input", "key", "--host-function", "lookup=");

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void verboseLogsEachHostFunctionCall() {
        Cli.Result r = Cli.run("call", plugin, "ask", "--input", "key", "--host-function", "lookup", "-v");

        assertThat(r.stderr()).contains("host function lookup called by host-caller.ask with 1 argument(s), the first"
                + " of 3 bytes");
    }

    @Test
    void aStubThePluginDoesNotImportIsReported() {
        Cli.Result r = Cli.run("call", plugin, "ask", "--input", "k", "--host-function", "lookup",
                "--host-function", "other=x");

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.stderr()).contains("plinth: warning: the plugin imports no host function \"other\"");
    }

    @Test
    void aHostFunctionTheManifestDoesNotAskForIsRefused() {
        Path asksNothing = Fixtures.pluginDir(temp.resolve("other"), "host-caller", MANIFEST.replace(
                "host-functions = [\"lookup\"]", ""), Fixtures.wasm("host-caller.wasm"));
        Cli.Result r = Cli.run("call", asksNothing.toString(), "ask", "--input", "k", "--host-function", "lookup");

        assertThat(r.status()).isEqualTo(ExitCodes.PERMISSION_DENIED).isEqualTo(7);
        assertThat(r.firstErrLine()).startsWith("plinth: permission-denied: ").contains("permissions.host-functions");
    }

    /** A bare module asks for nothing: what the command line grants (its stubs) is what it gets. */
    @Test
    void aBareModuleGetsTheStubsItIsGranted() throws IOException {
        Path policy = temp.resolve("policy.toml");
        Files.writeString(policy, "[default]\nmemory = \"16MB\"\n");
        String bare = Fixtures.wasm("host-caller.wasm").toString();

        Cli.Result r = Cli.run("call", bare, "ask", "--input", "k-7", "--host-function", "lookup");
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("k-7");

        Cli.Result refused = Cli.run("call", bare, "ask", "--input", "k", "--host-function", "lookup",
                "--policy", policy.toString());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(ExitCodes.PERMISSION_DENIED);
        assertThat(refused.firstErrLine()).contains("the security policy does not grant to the bare module host-caller");
    }

    @Test
    void aMissingReplyFileOrNameIsAUsageError() {
        Cli.Result file = Cli.run("call", plugin, "ask", "--host-function", "lookup=@" + temp.resolve("none"));
        Cli.Result name = Cli.run("call", plugin, "ask", "--host-function", "=x");

        assertThat(file.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(file.firstErrLine()).isEqualTo("plinth: no such file: " + temp.resolve("none"));
        assertThat(name.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(name.firstErrLine()).contains("--host-function needs a name");
    }

    @Test
    void aHostFunctionThePolicyDoesNotGrantIsRefusedAtLoad() throws IOException {
        Path policy = temp.resolve("policy.toml");
        Files.writeString(policy, "[default]\nmemory = \"16MB\"\n");

        Cli.Result refused = Cli.run("call", plugin, "ask", "--input", "key", "--host-function", "lookup",
                "--policy", policy.toString());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(ExitCodes.PERMISSION_DENIED);
        assertThat(refused.firstErrLine()).startsWith("plinth: permission-denied: ").contains("lookup")
                .contains("security policy does not grant");

        Cli.Result granted = Cli.run("call", plugin, "ask", "--input", "key-42", "--host-function", "lookup",
                "--policy", policy.toString(), "--grant", "host-function=lookup");
        assertThat(granted.status()).as(granted.toString()).isZero();
    }
}
