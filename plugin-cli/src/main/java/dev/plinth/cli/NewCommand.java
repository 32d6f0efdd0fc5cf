package dev.plinth.cli;

import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.unit.Quoting;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code plinth new}: scaffolds a Rust plugin folder on Plinth's SDK, ready to build and call. */
@Command(name = "new",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Make a new Rust plugin: Cargo.toml, src/lib.rs, plugin.toml, README.md.",
        description = {
            "Creates <folder> (which must not exist, or be empty) with a Rust crate named after it",
            "that uses Plinth's Rust SDK by path (crates.io cannot be reached here): one export,",
            "greet, with its unit tests, and its plugin.toml. Prints the two commands that build",
            "it for wasm32-unknown-unknown and call it."
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0   the plugin folder was written%n"
                    + "  2   usage error: a bad name, a folder that is not empty, no SDK found%n",
            "Examples:",
            "  plinth new hello",
            "  plinth new plugins/price-check --sdk ~/plinth/plugin-sdk-rust"
        })
final class NewCommand implements Callable<Integer> {
    /** The SDK's folder in a Plinth checkout, looked for when {@code --sdk} is not given. */
    static final String SDK_FOLDER = "plugin-sdk-rust";

    @ParentCommand
    private PlinthCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<folder>",
            description = "The plugin's folder; its last part is the plugin's name (lowercase letters, digits, '-').")
    private Path folder;

    @Option(names = "--sdk", paramLabel = "<path>",
            description = {"Plinth's Rust SDK (the plugin-sdk-rust folder). Default: the one found in the",
                "folders above <folder>, else in the Plinth checkout this plinth runs from."})
    private Path sdk;

    @Override
    public Integer call() {
        root.startRun(spec);
        Path target = folder.toAbsolutePath().normalize();
        String name = target.getFileName() == null ? "" : target.getFileName().toString();
        if (!PluginManifest.NAME_PATTERN.matcher(name).matches()) {
            throw usage(Quoting.quote(name) + " is not a plugin name: the folder's last part names the plugin; use"
                    + " lowercase letters, digits and '-', starting with a letter (at most 64 characters)");
        }
        if (Files.exists(target) && !isEmptyDirectory(target)) {
            throw usage(folder + " already exists and is not empty; plinth new never overwrites files");
        }
        Path sdkDir = sdkFolder(target);
        PluginScaffold scaffold = new PluginScaffold(name, cargoPath(target, sdkDir));
        try {
            scaffold.writeTo(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder + ": " + e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("created " + folder + "/: " + String.join(", ", scaffold.files().keySet()));
        out.println("Rust SDK: " + sdkDir + " (by path, in Cargo.toml)");
        out.println();
        out.println("Next, build it and call it:");
        out.println("  (cd " + folder + " && " + scaffold.buildCommand() + ")");
        out.println("  plinth call " + folder + " greet --input Ada");
        out.flush();
        return ExitCodes.OK;
    }

    /** The SDK folder: {@code --sdk}, else one found above the target, else above this program. */
    private Path sdkFolder(Path target) {
        if (sdk != null) {
            Path given = sdk.toAbsolutePath().normalize();
            if (!isSdk(given)) {
                throw usage("--sdk " + sdk + " is not Plinth's Rust SDK: it has no Cargo.toml naming the crate"
                        + " plinth-sdk (give the plugin-sdk-rust folder of a Plinth checkout)");
            }
            return given;
        }
        return findAbove(target.getParent()).or(() -> programFolder().flatMap(NewCommand::findAbove))
                .orElseThrow(() -> usage("cannot find Plinth's Rust SDK (a " + SDK_FOLDER + " folder) above " + folder
                        + " or this plinth; give it with --sdk <path to " + SDK_FOLDER + ">"));
    }

    private static Optional<Path> findAbove(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(SDK_FOLDER);
            if (isSdk(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Where this program's classes or jar are. */
    private static Optional<Path> programFolder() {
        try {
            return Optional.of(Path.of(NewCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean isSdk(Path dir) {
        Path cargo = dir.resolve("Cargo.toml");
        try {
            return Files.isRegularFile(cargo) && Files.readString(cargo).contains("name = \"plinth-sdk\"");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The SDK's path as Cargo.toml writes it: relative for a plugin inside the checkout that holds
     * the SDK (so the checkout can move), absolute otherwise.
     */
    private static String cargoPath(Path target, Path sdkDir) {
        Path checkout = sdkDir.getParent();
        Path path = checkout != null && target.startsWith(checkout) ? target.relativize(sdkDir) : sdkDir;
        return path.toString().replace('\\', '/');
    }

    private static boolean isEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
