package dev.plinth.cli;

import dev.plinth.api.PluginLimits;
import dev.plinth.api.error.PluginException;
import dev.plinth.host.ModuleInspector;
import dev.plinth.host.ModuleReport;
import dev.plinth.security.policy.EffectiveGrants;
import dev.plinth.security.policy.GrantLimits;
import dev.plinth.security.policy.Grants;
import dev.plinth.security.policy.SecurityPolicy;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code plinth inspect}: reports what a plugin is made of, and whether and why not it would load,
 * without running any of its code.
 */
@Command(name = "inspect",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        header = "Show what a plugin is made of, without running it.",
        description = {
            "Prints the manifest (name, version, host-api, declared exports and their",
            "codecs, config, permissions asked for), the module's sha256 and size, its",
            "exports, imports and memory, what the security policy grants it and what",
            "it asked for and does not get (with the reason), and whether it is",
            "Extism-compatible and loads in Plinth, with the reasons when not.",
            "For a component (WebAssembly Component Model): its kind, sha256 and size,",
            "and its imports and exports as WIT, read without running it; with --check",
            "it is loaded as the engine would (its imports against what the host provides",
            "and --policy/--grant allow, the world its manifest names, its instantiation,",
            "which runs its start functions under the default deadline)."
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0   the report was printed (whatever it says, unless --check)%n"
                    + "  2   usage error: bad option, missing file%n"
                    + "  4   invalid-module, invalid-manifest: not wasm, or a broken plugin.toml%n"
                    + "  10  --check was given and the plugin would not load%n",
            "Examples:",
            "  plinth inspect plugins/text-transformer",
            "  plinth inspect build/my_plugin.wasm --json | jq .imports",
            "  plinth inspect --check build/my_plugin.wasm && deploy build/my_plugin.wasm",
            "  plinth inspect plugins/image-processor --policy /etc/plinth/policy.toml",
            "  plinth inspect build/extism_plugin.wasm --grant fs=read:/srv/tenant-a/data:/data",
            "  plinth inspect comp.wasm",
            "  plinth inspect --check plugins/notes-component --grant kv=1000 --wit wit/"
        })
final class InspectCommand implements Callable<Integer> {
    @ParentCommand
    private PlinthCommand root;

    @Spec
    private CommandSpec spec;

    @Mixin
    private PluginArgument target;

    @Option(names = "--json", description = "Print the report as JSON (a stable format, for scripts).")
    private boolean json;

    @Option(names = "--check", description = "Exit with status 10 when the plugin would not load.")
    private boolean check;

    @Option(names = "--policy", paramLabel = "<file>",
            description = {"Show the grants under this security policy file instead of the default",
                "policy (which grants asked host functions, no files and no network)."})
    private Path policyFile;

    @Option(names = "--grant", paramLabel = "<kind=rule>",
            description = {"Show the grants with one more rule granted, over the policy, as plinth call",
                "--grant does: fs=read:/dir, fs=read:/host/dir:/guest/dir, net=connect:host:port,",
                "host-function=name, http-response-headers=true, ... Repeatable. A bare module",
                "gets exactly its grant; a plugin with a manifest what it asks for within it."})
    private List<String> grantRules = new ArrayList<>();

    @Option(names = "--wit", paramLabel = "<path>",
            description = {"For a component with --check: WIT packages the host provides (a package directory,",
                "a .wit file or a directory of packages), where a manifest's [plugin] world is looked up",
                "when it brings no WIT of its own. Repeatable."})
    private List<Path> wit = new ArrayList<>();

    @Option(names = "--allow-symlinks-out-of-folder",
            description = {"Let the plugin's files be symbolic links that lead out of the folder holding it",
                "(refused by default; links inside it always work, and only regular files are read)."})
    private boolean allowSymlinksOutOfFolder;

    @Override
    public Integer call() {
        root.startRun(spec);
        if (!Files.exists(target.path())) {
            throw new ParameterException(spec.commandLine(), "no such file: " + target.path());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (ComponentFiles.isComponentPlugin(target.path())) {
            ComponentInspection.Check load = null;
            if (check) {
                SecurityPolicy policy;
                try {
                    policy = PolicyOptions.base(policyFile);
                } catch (PluginException e) {
                    return new ErrorReporter(root.io().err()).report(e);
                }
                load = new ComponentInspection.Check(PolicyOptions.apply(spec.commandLine(), policy,
                        PolicyOptions.pluginName(target.path()), grantRules, List.of(), null, null, null), wit,
                        allowSymlinksOutOfFolder);
            } else if (policyFile != null || !grantRules.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--policy and --grant: for a component they take"
                        + " effect with --check, which loads it under them; " + target.path() + " is a component");
            }
            return ComponentInspection.inspect(spec.commandLine(), target.path(), json, load, out,
                    new ErrorReporter(root.io().err()));
        }
        ModuleReport report;
        EffectiveGrants grants;
        try {
            report = ModuleInspector.inspect(target.path(), allowSymlinksOutOfFolder, PluginLimits.DEFAULTS.module());
            SecurityPolicy policy = PolicyOptions.apply(spec.commandLine(), PolicyOptions.base(policyFile),
                    report.manifest().name(), grantRules, List.of(), null, null, null);
            grants = Grants.effective(report.manifest(), policy, GrantLimits.fallbackFrom(PluginLimits.DEFAULTS));
        } catch (PluginException e) {
            if (json) {
                out.println(ReportJson.error(e));
                out.flush();
            }
            return new ErrorReporter(root.io().err()).report(e);
        }
        String label = PolicyOptions.label(policyFile) + (grantRules.isEmpty() ? "" : " with --grant");
        if (json) {
            out.println(ReportJson.toJson(report, grants, label));
        } else {
            new ReportPrinter(out).print(report, grants, label);
        }
        out.flush();
        boolean loads = report.loadable() && ReportPrinter.refusedImports(report, grants).isEmpty();
        return check && !loads ? ExitCodes.NOT_LOADABLE : ExitCodes.OK;
    }
}
