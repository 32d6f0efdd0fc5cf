package dev.plinth.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code plinth}, the root command: holds the run's streams and logging and the options every
 * subcommand shares ({@code --quiet}, {@code --verbose}). On its own it only prints usage.
 */
@Command(name = "plinth",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        header = "Run, inspect and sign Plinth plugins.",
        description = {
            "Plinth plugins are sandboxed WebAssembly modules with the Extism ABI: a",
            "directory with plugin.toml, or a bare .wasm file."
        },
        commandListHeading = "%nCommands:%n",
        subcommands = {CallCommand.class, InspectCommand.class, BindgenCommand.class, NewCommand.class, KeygenCommand.class, SignCommand.class,
            VerifyCommand.class, HelpCommand.class},
        footerHeading = "%nExit status:%n",
        footer = {
            ExitCodes.TABLE,
            "Examples:",
            "  plinth call text-transformer/ transform --input hi --config mode=upper",
            "  plinth inspect plugins/text-transformer",
            "  plinth inspect build/my_plugin.wasm --json",
            "  plinth bindgen wit/ --world plugin --package com.example.plugin --out src/main/java",
            "  plinth new hello",
            "  plinth keygen release && plinth sign plugins/text-transformer --key release.key",
            "  plinth verify plugins/text-transformer --trust release.pub"
        })
public final class PlinthCommand implements Callable<Integer> {
    private final Io io;
    private final CliLogging logging;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Show errors only: hide the plugin's log lines and warnings.")
    private boolean quiet;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Show debug lines of the plugin and the host, timings, and stack traces.")
    private boolean verbose;

    PlinthCommand(Io io, CliLogging logging) {
        this.io = io;
        this.logging = logging;
    }

    /** {@code plinth} without a command: a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "no command given (call, inspect, bindgen, new, keygen, sign, verify or help)");
    }

    /** Applies {@code --quiet} or {@code --verbose}; every subcommand calls this first. */
    void startRun(CommandSpec command) {
        if (quiet && verbose) {
            throw new ParameterException(command.commandLine(), "--quiet and --verbose cannot be used together");
        }
        logging.apply(verbosity());
    }

    /** The verbosity the options ask for. */
    Verbosity verbosity() {
        return quiet ? Verbosity.QUIET : verbose ? Verbosity.VERBOSE : Verbosity.NORMAL;
    }

    /** The run's streams. */
    Io io() {
        return io;
    }
}
