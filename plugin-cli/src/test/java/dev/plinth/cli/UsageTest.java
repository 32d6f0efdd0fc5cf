package dev.plinth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.api.error.ErrorCode;
import org.junit.jupiter.api.Test;

/** The command's surface: version, help, usage errors and the exit-status table. */
class UsageTest {
    @Test
    void printsTheVersion() {
        Cli.Result r = Cli.run("--version");

        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("plinth 0.").contains("host-api 1.0.0").contains("Chicory 1.7.5");
    }

    @Test
    void helpListsTheCommandsAndTheExitStatuses() {
        Cli.Result r = Cli.run("help");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("call").contains("inspect").contains("Exit status:")
                .contains("  6   timeout, fuel-exhausted, memory-limit");
    }

    @Test
    void helpOfACommandShowsItsOptions() {
        Cli.Result viaHelp = Cli.run("help", "call");
        Cli.Result viaOption = Cli.run("call", "--help");

        assertThat(viaHelp.status()).isZero();
        assertThat(viaHelp.out()).contains("--input-file").contains("--timeout").contains("--memory")
                .contains("--interpreter").contains("--config").contains("--quiet").contains("Exit status:");
        assertThat(viaOption.out()).isEqualTo(viaHelp.out());
    }

    @Test
    void noCommandIsAUsageError() {
        Cli.Result r = Cli.run();

        assertThat(r.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr().lines()).containsExactly("plinth: no command given (call, inspect, bindgen, new, keygen, sign, verify or help)",
                "Try 'plinth --help' for more information.");
    }

    @Test
    void unknownOptionIsAUsageErrorWithAOneLineHint() {
        Cli.Result r = Cli.run("inspect", Fixtures.wasm("cli-fixture.wasm").toString(), "--frobnicate");

        assertThat(r.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr().lines()).containsExactly("plinth: unknown option \"--frobnicate\" for plinth inspect",
                "Try 'plinth inspect --help' for more information.");
    }

    @Test
    void misspeltOptionSuggestsTheClosestOne() {
        Cli.Result r = Cli.run("call", Fixtures.wasm("cli-fixture.wasm").toString(), "hello", "--tmeout=2s");

        assertThat(r.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.firstErrLine())
                .isEqualTo("plinth: unknown option \"--tmeout\" for plinth call (did you mean \"--timeout\"?)");
    }

    @Test
    void unknownCommandSaysSoAndListsTheCommands() {
        Cli.Result r = Cli.run("frobnicate");

        assertThat(r.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr().lines()).containsExactly(
                "plinth: unknown command \"frobnicate\"; the commands are call, inspect, bindgen, new, keygen, sign, verify, help",
                "Try 'plinth --help' for more information.");
    }

    @Test
    void misspeltCommandSuggestsTheClosestOne() {
        assertThat(Cli.run("cal").firstErrLine()).isEqualTo("plinth: unknown command \"cal\" (did you mean \"call\"?);"
                + " the commands are call, inspect, bindgen, new, keygen, sign, verify, help");
        assertThat(Cli.run("help", "inspct").firstErrLine()).startsWith("plinth: unknown command \"inspct\""
                + " (did you mean \"inspect\"?)");
    }

    @Test
    void optionBeforeTheCommandSaysACommandComesFirst() {
        Cli.Result r = Cli.run("--verison");

        assertThat(r.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.firstErrLine()).isEqualTo("plinth: unknown option \"--verison\" (did you mean \"--version\"?);"
                + " plinth takes a command first: call, inspect, bindgen, new, keygen, sign, verify, help");
    }

    @Test
    void anArgumentTooManySaysWhatTheCommandTakes() {
        Cli.Result r = Cli.run("call", Fixtures.wasm("cli-fixture.wasm").toString(), "hello", "extra");

        assertThat(r.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.firstErrLine())
                .isEqualTo("plinth: unexpected argument \"extra\": plinth call takes <plugin> <function> and options");
    }

    @Test
    void configWithoutAnEqualsSignSaysWhatItExpects() {
        Cli.Result r = Cli.run("call", Fixtures.wasm("cli-fixture.wasm").toString(), "hello", "--config", "mode");

        assertThat(r.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.firstErrLine()).isEqualTo("plinth: --config \"mode\": expected <key=value>, a key, '=' and its"
                + " value (e.g. --config name=value)").doesNotContain("option option");
    }

    @Test
    void quietAndVerboseTogetherIsAUsageError() {
        Cli.Result r = Cli.run("call", "-q", "-v", Fixtures.wasm("cli-fixture.wasm").toString(), "hello");

        assertThat(r.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.firstErrLine()).isEqualTo("plinth: --quiet and --verbose cannot be used together");
    }

    @Test
    void everyErrorCodeHasAnExitStatusInTheTable() {
        for (ErrorCode code : ErrorCode.values()) {
            int status = ExitCodes.of(code);
            assertThat(status).as(code.code()).isBetween(1, 9).isNotEqualTo(ExitCodes.USAGE);
            assertThat(String.format(ExitCodes.TABLE)).as(code.code())
                    .containsPattern("(?m)^  " + status + " +.*" + code.code());
        }
    }
}
