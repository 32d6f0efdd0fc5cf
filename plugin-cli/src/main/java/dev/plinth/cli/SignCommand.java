package dev.plinth.cli;

import dev.plinth.api.error.PluginException;
import dev.plinth.security.signature.Ed25519PrivateKey;
import dev.plinth.security.signature.KeyPairs;
import dev.plinth.security.signature.Signer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code plinth sign}: writes the detached signature of each of a plugin's modules, {@code <file>.wasm.sig}. */
@Command(name = "sign",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        header = "Sign a plugin's module with a private key.",
        description = {
            "Signs the exact bytes of the .wasm file (Ed25519) and writes the signature",
            "beside it as <file>.wasm.sig, replacing an older one. For a plugin directory",
            "the modules are its plugin.toml's entrypoint and the other modules listed in",
            "[modules], each signed on its own; plugin.toml itself is not signed.",
            "Sign again after every rebuild: any change to a module breaks its signature."
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0   the signature was written%n"
                    + "  2   usage error: missing file, a key file that is not an Ed25519 private key%n"
                    + "  4   invalid-module, invalid-manifest: not a wasm file, or a broken plugin.toml%n",
            "Examples:",
            "  plinth sign plugins/text-transformer --key release.key",
            "  plinth sign build/my_plugin.wasm --key keys/team-a.key"
        })
final class SignCommand implements Callable<Integer> {
    @ParentCommand
    private PlinthCommand root;

    @Spec
    private CommandSpec spec;

    @Mixin
    private PluginArgument target;

    @Option(names = "--key", required = true, paramLabel = "<file>",
            description = "The private key (.key, PKCS#8 PEM) from plinth keygen or openssl genpkey -algorithm ed25519.")
    private Path keyFile;

    @Override
    public Integer call() {
        root.startRun(spec);
        try {
            List<Path> modules = SigningFiles.modulesOf(spec.commandLine(), target.path());
            Ed25519PrivateKey key = SigningFiles.readKey(spec.commandLine(), () -> KeyPairs.readPrivateKey(keyFile));
            modules.forEach(SigningFiles::requireWasm);
            PrintWriter out = spec.commandLine().getOut();
            for (Path wasm : modules) {
                Path signature = new Signer(key).sign(wasm);
                out.println("signed " + wasm + " with key " + key.publicKey().id() + ": " + signature);
            }
            out.flush();
            return ExitCodes.OK;
        } catch (PluginException e) {
            return new ErrorReporter(root.io().err()).report(e);
        }
    }
}
