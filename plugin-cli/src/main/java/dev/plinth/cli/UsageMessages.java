package dev.plinth.cli;

import dev.plinth.api.unit.Quoting;
import dev.plinth.config.KeySuggestion;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Says in plain words what was wrong with a command line, where picocli's own words are about its
 * parser ("Unmatched argument at index 0", "Value for option option ..."): an unknown command or
 * option with the closest known one and the list of commands, an argument too many with what the
 * command takes, a {@code key=value} option without its {@code =}. Other messages pass unchanged.
 */
final class UsageMessages {
    private UsageMessages() {
    }

    /** The problem, in one sentence without the {@code plinth: } prefix. */
    static String describe(ParameterException ex) {
        CommandLine command = ex.getCommandLine();
        if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            return unmatched(command.getCommandSpec(), unmatched);
        }
        if (isUnknownHelpTopic(ex, command)) {
            return unknownCommand(command.getCommandSpec(), ex.getValue());
        }
        if (ex.getArgSpec() instanceof OptionSpec option && option.typeInfo().isMap() && ex.getValue() != null
                && ex.getValue().indexOf('=') < 0) {
            return option.longestName() + " " + Quoting.quote(ex.getValue()) + ": expected " + option.paramLabel()
                    + ", a key, '=' and its value (e.g. " + option.longestName() + " name=value)";
        }
        return ex.getMessage();
    }

    private static String unmatched(CommandSpec spec, UnmatchedArgumentException ex) {
        String first = ex.getUnmatched().get(0);
        if (ex.isUnknownOption()) {
            return unknownOption(spec, first);
        }
        if (!spec.subcommands().isEmpty()) {
            return unknownCommand(spec, first);
        }
        List<String> positional = spec.positionalParameters().stream()
                .filter(p -> !p.hidden()).map(PositionalParamSpec::paramLabel).toList();
        String takes = positional.isEmpty() ? "no arguments, only options"
                : String.join(" ", positional) + (spec.options().isEmpty() ? "" : " and options");
        String extra = ex.getUnmatched().stream().map(Quoting::quote).collect(Collectors.joining(" "));
        return "unexpected argument" + (ex.getUnmatched().size() == 1 ? " " : "s ") + extra + ": "
                + spec.qualifiedName() + " takes " + takes;
    }

    private static String unknownOption(CommandSpec spec, String given) {
        String name = given.contains("=") ? given.substring(0, given.indexOf('=')) : given;
        List<String> names = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (!option.hidden()) {
                names.addAll(List.of(option.names()));
            }
        }
        String guess = KeySuggestion.suggest(name, names);
        String hint = guess == null ? "" : " (did you mean " + Quoting.quote(guess) + "?)";
        return spec.subcommands().isEmpty()
                ? "unknown option " + Quoting.quote(name) + " for " + spec.qualifiedName() + hint
                : "unknown option " + Quoting.quote(name) + hint + "; " + spec.qualifiedName()
                        + " takes a command first: " + commands(spec);
    }

    private static String unknownCommand(CommandSpec spec, String given) {
        String guess = KeySuggestion.suggest(given, spec.subcommands().keySet());
        return "unknown command " + Quoting.quote(given) + (guess == null ? "" : " (did you mean "
                + Quoting.quote(guess) + "?)") + "; the commands are " + commands(spec);
    }

    private static String commands(CommandSpec spec) {
        return String.join(", ", spec.subcommands().keySet());
    }

    /**
     * {@code plinth help nope}: picocli's help command reports an unknown topic on the parent
     * command, with the topic as the value and no argument spec.
     */
    private static boolean isUnknownHelpTopic(ParameterException ex, CommandLine command) {
        ArgSpec arg = ex.getArgSpec();
        return arg == null && ex.getValue() != null && !command.getSubcommands().isEmpty()
                && !command.getSubcommands().containsKey(ex.getValue())
                && ex.getMessage().startsWith("Unknown subcommand");
    }
}
