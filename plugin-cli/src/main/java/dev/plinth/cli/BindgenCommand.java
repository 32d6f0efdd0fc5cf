package dev.plinth.cli;

import dev.plinth.bindgen.BindgenException;
import dev.plinth.bindgen.JavaBindgen;
import dev.plinth.component.wit.WitException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code plinth bindgen}: Java sources from a WIT world, so an application compiles against a plugin's contract. */
@Command(name = "bindgen",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Generate Java from a WIT world or interface.",
        description = {
            "Reads a .wit file or a WIT package directory (its deps/ too) and writes Java",
            "sources: records, sealed interfaces for variants, enums, EnumSet flags,",
            "Optional, Result and resource handles, and one Java interface per WIT",
            "interface and world. The sources need dev.plinth:component on the class path",
            "(dev.plinth.component.binding). Existing files of the same names are replaced."
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0   the sources were written%n"
                    + "  2   usage error: the WIT does not parse or resolve (file:line:column), no such world%n",
            "Examples:",
            "  plinth bindgen wit/ --world plugin --package com.example.plugin --out src/main/java",
            "  plinth bindgen plinth.wit --world processing --package com.example.api --out build/gen",
            "  plinth bindgen plinth.wit --world plugin --package com.example.text --out src/main/java --spring-client text-component"
        })
final class BindgenCommand implements Callable<Integer> {
    @ParentCommand
    private PlinthCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<wit>", description = "A .wit file, or a directory of .wit files (one package) with deps/.")
    private Path wit;

    @Option(names = "--world", paramLabel = "<name>",
            description = "The world (or interface) of the package to generate; optional if the package has one world.")
    private String world;

    @Option(names = "--package", paramLabel = "<java.package>", required = true,
            description = "The Java package of the generated sources.")
    private String javaPackage;

    @Option(names = "--spring-client", paramLabel = "<plugin>",
            description = "Also write <Plugin>Client, a @PluginClient(\"<plugin>\") interface of the world's exports"
                    + " for the Spring Boot starter (the plugin's name, as in its plugin.toml).")
    private String springClient;

    @Option(names = "--out", paramLabel = "<dir>", required = true,
            description = "The source root to write to (created if missing).")
    private Path out;

    @Override
    public Integer call() {
        root.startRun(spec);
        if (!Files.exists(wit)) {
            throw new ParameterException(spec.commandLine(), "no such file or directory: " + wit);
        }
        List<Path> files;
        try {
            files = JavaBindgen.generate(wit, Optional.ofNullable(world), javaPackage, out,
                    Optional.ofNullable(springClient));
        } catch (WitException | BindgenException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        for (Path file : files) {
            stdout.println(file);
        }
        stdout.flush();
        return ExitCodes.OK;
    }
}
