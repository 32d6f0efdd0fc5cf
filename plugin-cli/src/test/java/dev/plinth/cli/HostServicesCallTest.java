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
    void aBadGrantIsAUsageError() {
        Cli.Result r = Cli.run("call", C_PLUGIN, "env", "--input", "TZ", "--grant", "env=A-B");
        assertThat(r.status()).as(r.toString()).isNotZero();
        assertThat(r.stderr()).contains("--grant \"env=A-B\": \"A-B\" is not an environment variable name");
    }
}
