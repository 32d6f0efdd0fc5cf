package dev.plinth.cli;

import dev.plinth.security.signature.KeyPairs;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code plinth keygen}: makes an Ed25519 key pair for signing plugins. */
@Command(name = "keygen",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Make an Ed25519 key pair for signing plugins.",
        description = {
            "Writes <name>.key, the private key (PKCS#8 PEM, readable by you only), and",
            "<name>.pub, the public key (PEM) that operators trust with --trust. Both are",
            "files openssl reads. Existing files are never overwritten. Prints the key id,",
            "which signature files and messages name the key by."
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0   the key pair was written%n"
                    + "  2   usage error: a key file of that name exists, or its directory does not%n",
            "Examples:",
            "  plinth keygen release",
            "  plinth keygen keys/team-a"
        })
final class KeygenCommand implements Callable<Integer> {
    @ParentCommand
    private PlinthCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<name>",
            description = "Path and base name of the key files, without extension.")
    private Path name;

    @Override
    public Integer call() {
        root.startRun(spec);
        String base = name.getFileName().toString();
        if (base.endsWith(KeyPairs.PRIVATE_KEY_SUFFIX) || base.endsWith(KeyPairs.PUBLIC_KEY_SUFFIX)) {
            throw new ParameterException(spec.commandLine(), "give the key's name without .key or .pub: " + name);
        }
        Path dir = name.getParent() == null ? Path.of("") : name.getParent();
        if (!Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "no such directory: " + dir);
        }
        KeyPairs.KeyPair pair = KeyPairs.generate();
        Path[] files;
        try {
            files = KeyPairs.write(pair, dir, base);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof FileAlreadyExistsException exists) {
                throw new ParameterException(spec.commandLine(), exists.getFile() + " already exists; keygen never"
                        + " overwrites a key (choose another name, or move the old key away)");
            }
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("private key: " + files[0] + " (keep it secret: it signs plugins)");
        out.println("public key:  " + files[1] + " (give it to operators: --trust " + files[1] + ")");
        out.println("key id:      " + pair.id());
        out.flush();
        return ExitCodes.OK;
    }
}
