package dev.plinth.cli;

import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import dev.plinth.security.signature.SignatureCheck;
import dev.plinth.security.signature.SignatureVerifier;
import dev.plinth.security.signature.TrustedKeys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code plinth verify}: checks a plugin's module signatures the way a host with {@code signatures: require} would. */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        header = "Check a plugin's signature against trusted public keys.",
        description = {
            "Checks <file>.wasm.sig against the module's bytes and the trusted keys,",
            "exactly as a host running with signatures 'require' does at load; for a",
            "plugin directory, every module's (the entrypoint and those in [modules]).",
            "Prints 'verified: ...' for each and exits 0, or prints 'plinth: signature:",
            "<why>' (unsigned, untrusted key, changed after signing, bad or malformed",
            "signature) for the first that fails and exits 4."
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0   verified: signed by a trusted key, and unchanged since%n"
                    + "  2   usage error: missing file, a --trust file that is not an Ed25519 public key%n"
                    + "  4   signature: unsigned, untrusted key, tampered or malformed (also invalid-manifest)%n",
            "Examples:",
            "  plinth verify plugins/text-transformer --trust release.pub",
            "  plinth verify build/my_plugin.wasm --trust /etc/plinth/trusted-keys/"
        })
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    private PlinthCommand root;

    @Spec
    private CommandSpec spec;

    @Mixin
    private PluginArgument target;

    @Option(names = "--trust", required = true, paramLabel = "<keyfile>",
            description = "A trusted public key (.pub), or a directory of them (*.pub). Repeatable.")
    private List<Path> trust = new ArrayList<>();

    @Override
    public Integer call() {
        root.startRun(spec);
        ErrorReporter errors = new ErrorReporter(root.io().err());
        try {
            List<Path> modules = SigningFiles.modulesOf(spec.commandLine(), target.path());
            TrustedKeys keys = SigningFiles.trusted(spec.commandLine(), trust);
            PrintWriter out = spec.commandLine().getOut();
            for (Path wasm : modules) {
                SignatureCheck check = new SignatureVerifier(keys).check(wasm);
                if (!check.verified()) {
                    out.flush();
                    return errors.report(ErrorCode.SIGNATURE, check.state() + ": " + check.detail());
                }
                out.println("verified: " + check.detail());
            }
            out.flush();
            return ExitCodes.OK;
        } catch (PluginException e) {
            return errors.report(e);
        }
    }
}
