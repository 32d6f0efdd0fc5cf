package dev.plinth.cli;

import dev.plinth.api.CallRequest;
import dev.plinth.api.CallResult;
import dev.plinth.api.PluginError;
import dev.plinth.api.PluginLimits;
import dev.plinth.api.VersionInfo;
import dev.plinth.api.error.ErrorCode;
import dev.plinth.api.error.PluginException;
import dev.plinth.api.unit.DataSize;
import dev.plinth.host.CompileCache;
import dev.plinth.host.EngineMode;
import dev.plinth.host.PluginEngine;
import dev.plinth.host.PluginHost;
import dev.plinth.host.PluginVersion;
import dev.plinth.security.audit.AuditAction;
import dev.plinth.security.policy.EffectiveGrants;
import dev.plinth.security.policy.GrantDifference;
import dev.plinth.security.policy.SecurityPolicy;
import dev.plinth.security.signature.SignatureMode;
import dev.plinth.security.signature.TrustedKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code plinth call}: loads one plugin into a fresh host, calls one export once, and writes the
 * output to stdout exactly as the plugin set it. Failures print {@code plinth: <code>: <message>}
 * and exit with the status {@link ExitCodes} gives that code.
 */
@Command(name = "call",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        header = "Call one exported function of a plugin.",
        description = {
            "Loads a plugin into a fresh host and calls one export once. The output goes",
            "to stdout byte for byte: nothing is added, so binary output survives",
            "redirection. Plugin log lines and errors go to stderr; an error is printed",
            "as 'plinth: <code>: <message>' and sets the exit status below.",
            "The plugin runs under exactly the rules a host would apply: the security",
            "policy (--policy, else the default) with the --grant rules and the limit",
            "options added to its grant. What it asked for and did not get is printed",
            "as a warning; a call that touches it is refused with permission-denied.",
            "A component (WebAssembly Component Model; a file, or a plugin directory whose",
            "entrypoint is one) loads the same way, with its WASI and plinth.wit services",
            "under the same grants (--grant fs=, env=, kv=, events=, data-dir=, net=); its",
            "arguments are JSON (--args), read by the export's WIT parameter types, and its",
            "result is printed as JSON (docs/components.md). A WASI command's output goes",
            "to stderr as the plugin's log; what it was refused is printed as a warning."
        },
        footerHeading = "%nExit status:%n",
        footer = {
            ExitCodes.TABLE,
            "Examples:",
            "  plinth call text-transformer/ transform --input hi --config mode=upper",
            "  plinth call my_plugin.wasm process --input-file request.json > out.json",
            "  plinth call my_plugin.wasm digest --input-file - --timeout 200ms < data.bin",
            "  plinth call plugins/text-transformer transform --input hi --signatures require --trust release.pub",
            "  plinth call image-processor/ process --policy policy.toml --grant fs=read:/data/images",
            "  plinth call comp.wasm process --args '[{\"request-id\": \"r1\", \"items\": []}]'",
            "  plinth call cmd.wasm run --grant fs=read:/srv/in:/in --grant env=TZ=UTC",
            "  plinth call notes-component/ process --grant kv=1000 --grant events=emit:note.* --data-dir ./state \\",
            "      --args '[{\"id\": \"r1\", \"operation\": \"get\", \"payload\": \"empty\", \"attributes\": [[\"key\", \"a\"]]}]'"
        })
final class CallCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(CallCommand.class);

    @ParentCommand
    private PlinthCommand root;

    @Spec
    private CommandSpec spec;

    @Mixin
    private PluginArgument target;

    @Parameters(index = "1", paramLabel = "<function>", description = "The exported function to call.")
    private String function;

    @Option(names = "--input", paramLabel = "<text>", description = "The input, as UTF-8 text.")
    private String inputText;

    @Option(names = "--input-file", paramLabel = "<file>",
            description = "Read the input bytes from a file; '-' reads stdin. Default: empty input.")
    private Path inputFile;

    @Option(names = "--args", paramLabel = "<json>",
            description = {"For a component: the arguments as JSON, an array with one element per parameter",
                "(or an object by parameter name), in the mapping of docs/components.md, e.g.",
                "--args '[{\"request-id\": \"r1\"}]'. Default: no arguments. The result is printed as JSON."})
    private String argsJson;

    @Option(names = "--args-file", paramLabel = "<file>",
            description = "For a component: read the --args JSON from a file; '-' reads stdin.")
    private Path argsFile;

    @Option(names = "--config", paramLabel = "<key=value>",
            description = "A config value for config_get, over the manifest's [config]. Repeatable.")
    private Map<String, String> config = new LinkedHashMap<>();

    @Option(names = "--host-function", paramLabel = "<name[=reply]>",
            description = {"Offer a stub for a host function the plugin imports (extism:host/user, or",
                "namespace::name for another namespace); granted too unless --policy decides.",
                "<name> echoes its first argument; <name>=text returns text; <name>=@file returns",
                "the file's bytes; <name>= returns nothing. Repeatable."})
    private List<String> hostFunctions = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "<file>",
            description = {"Run under this security policy file (TOML: [deny], [ceilings], [default],",
                "[plugins.NAME]). Default: the policy of a host without one, which grants nothing",
                "(no files, no network, no host functions but the --host-function stubs)."})
    private Path policyFile;

    @Option(names = "--grant", paramLabel = "<kind=rule>",
            description = {"Grant the plugin one more rule, over the policy: fs=read:/dir, fs=write:/dir,",
                "fs=read:/host/dir:/guest/dir (seen by the plugin at /guest/dir),",
                "net=connect:host:port (host a glob as in Extism: *.example.com, google.*; port *),",
                "host-function=name, clock=real (WASI clocks; default frozen), random=secure",
                "(default seeded), http-response-headers=true (http_headers; default off),",
                "data-dir=64MB (a data directory at /data, under --data-dir), env=NAME (valued as",
                "in this process) or env=NAME=value (the environment the plugin sees), kv=1000 (a",
                "key-value store of at most 1000 keys, other quotas at their defaults; kept under",
                "--data-dir, else for the one call), events=emit:note.* or events=subscribe:settings.*",
                "(event types it may emit or receive).",
                "Repeatable. A bare .wasm gets exactly its grant; a plugin with a manifest gets",
                "what it asks for within its grants."})
    private List<String> grants = new ArrayList<>();

    @Option(names = "--data-dir", paramLabel = "<dir>",
            description = {"Keep each plugin granted a data directory (data-dir) in <dir>/<plugin name>, seen",
                "by it at /data and kept from one call to the next. Default: none, and a plugin granted",
                "one is refused saying so."})
    private Path dataDir;

    @Option(names = "--timeout", paramLabel = "<duration>", converter = Converters.DurationConverter.class,
            description = {"Wall-clock deadline of the call, e.g. 2s, 200ms. Overrides the manifest's",
                "cpu-time, up to the policy file's ceiling. Default: the manifest's cpu-time, at",
                "most 5s."})
    private Duration timeout;

    @Option(names = "--memory", paramLabel = "<size>", converter = Converters.DataSizeConverter.class,
            description = {"The most linear memory the plugin may use, e.g. 64MB. Overrides the",
                "manifest's memory, up to the policy file's ceiling. Default: the manifest's, at",
                "most 64MB."})
    private DataSize memory;

    @Option(names = "--signatures", paramLabel = "<mode>", converter = Converters.SignatureModeConverter.class,
            description = {"Check the module's signature (<file>.wasm.sig) at load: off (default), warn (load",
                "it anyway, with a warning) or require (refuse it unless signed by a --trust key)."})
    private SignatureMode signatures = SignatureMode.OFF;

    @Option(names = "--trust", paramLabel = "<keyfile>",
            description = "A trusted public key (.pub), or a directory of them, for --signatures. Repeatable.")
    private List<Path> trust = new ArrayList<>();

    @Option(names = "--fuel", paramLabel = "<n>", converter = Converters.FuelConverter.class,
            description = {"Instruction budget per call. Overrides the manifest's fuel, up to the",
                "policy file's ceiling; a call that spends it stops with fuel-exhausted."})
    private Long fuel;

    @Option(names = "--interpreter",
            description = "Run on Chicory's interpreter instead of compiling to JVM bytecode.")
    private boolean interpreter;

    @Option(names = "--compile-cache", paramLabel = "<dir>", defaultValue = "${env:PLINTH_COMPILE_CACHE}",
            description = {"Keep compiled modules in this directory (made 0700, its HMAC key next to it as",
                "<dir>.key), so that the next call of the same module skips compiling it. Default:",
                "$PLINTH_COMPILE_CACHE, else none. A directory that cannot be used is a warning."})
    private Path compileCache;

    @Option(names = "--wit", paramLabel = "<path>",
            description = {"WIT packages the host provides to components (a package directory, a .wit file or a",
                "directory of packages), where a manifest's [plugin] world is looked up when it brings no",
                "WIT of its own. Repeatable."})
    private List<Path> wit = new ArrayList<>();

    @Option(names = "--allow-symlinks-out-of-folder",
            description = {"Let the plugin's files be symbolic links that lead out of the folder holding it",
                "(refused by default; links inside it always work, and only regular files are read)."})
    private boolean allowSymlinksOutOfFolder;

    @Option(names = "--stats",
            description = "After a successful call, print the fuel it consumed (when metered), the peak"
                    + " linear memory and the time taken on stderr.")
    private boolean stats;

    @Override
    public Integer call() {
        root.startRun(spec);
        if (!Files.exists(target.path())) {
            throw new ParameterException(spec.commandLine(), "no such file: " + target.path());
        }
        ErrorReporter errors = new ErrorReporter(root.io().err());
        boolean component = ComponentFiles.isComponentPlugin(target.path());
        String args = null;
        if (component) {
            args = componentArguments();
        } else if (argsJson != null || argsFile != null) {
            throw new ParameterException(spec.commandLine(), "--args and --args-file are for components; "
                    + target.path() + " is not one: give a core module its input with --input or --input-file");
        }
        String name = PolicyOptions.pluginName(target.path());
        SecurityPolicy policy;
        try {
            policy = PolicyOptions.base(policyFile);
        } catch (PluginException e) {
            return errors.report(e);
        }
        List<HostFunctionStub> stubs = component ? List.of() : stubs();
        policy = PolicyOptions.apply(spec.commandLine(), policy, name, grants,
                stubs.stream().map(HostFunctionStub::key).toList(), memory, timeout, fuel);
        byte[] input = component ? new byte[0]
                : InputSource.read(spec.commandLine(), inputText, inputFile, root.io().in());
        TrustedKeys trusted = trustedKeys();
        try (PluginHost host = host(stubs, trusted, policy)) {
            VersionInfo info = host.load(target.path());
            if (!info.serving()) {
                PluginError error = info.lastError().orElseThrow();
                int status = errors.report(error);
                if (!component) {
                    hintAtMissingHostFunctions(error, stubs);
                }
                return status;
            }
            warnAboutSignature(host);
            PluginVersion loaded = host.loaded(info.name()).orElseThrow();
            warnAboutWhatWasNotGranted(loaded.grants());
            if (component) {
                return new ComponentCall(spec.commandLine(), function, this::warn).run(host, loaded, args, root.io(),
                        errors);
            }
            CallRequest request = CallRequest.of(info.name(), function, input);
            CallResult result = CallWatchdog.run(() -> host.call(request), loaded.limits().callTimeout(),
                    info.name() + "." + function);
            LOG.debug("{}.{} ({} {}) returned {} bytes in {} ms", info.name(), function, info.version(),
                    engine(), result.output().length, result.elapsed().toMillis());
            OutputSink.write(root.io(), result.output());
            if (stats) {
                printStats(loaded, result);
            }
            return ExitCodes.OK;
        } catch (PluginException e) {
            return errors.report(e);
        }
    }

    /**
     * A component (a file, or a plugin directory whose entrypoint is one) loads in the engine as any plugin, with
     * the grants and limits of the options; the options that only mean something to the Extism ABI (byte input,
     * host-function stubs, --stats) are refused by name. Returns the {@code --args} JSON, or null for none.
     */
    private String componentArguments() {
        List<String> unsupported = new ArrayList<>();
        addIf(unsupported, inputText != null, "--input");
        addIf(unsupported, inputFile != null, "--input-file");
        addIf(unsupported, !hostFunctions.isEmpty(), "--host-function");
        addIf(unsupported, stats, "--stats");
        if (!unsupported.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join(", ", unsupported) + ": not for components; "
                    + target.path() + " is a component: give its arguments with --args (the interfaces it imports"
                    + " are granted with --grant)");
        }
        if (argsJson != null && argsFile != null) {
            throw new ParameterException(spec.commandLine(), "--args and --args-file cannot be used together");
        }
        return argsFile == null ? argsJson : new String(InputSource.read(spec.commandLine(), null, argsFile,
                root.io().in()), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void addIf(List<String> names, boolean given, String name) {
        if (given) {
            names.add(name);
        }
    }

    /**
     * One line on stderr: {@code plinth: stats: fuel 1234 of 50000000, peak memory 1.1MB (tables
     * and globals 1.2KB of it), 3 ms}.
     */
    private void printStats(PluginVersion loaded, CallResult result) {
        String fuelText = result.fuel().isPresent()
                ? "fuel " + result.fuel().getAsLong() + " of " + loaded.grants().limits().fuel()
                : "fuel not metered (use --fuel N)";
        root.io().err().println("plinth: stats: " + fuelText + ", peak memory "
                + DataSize.ofBytes(loaded.peakMemoryBytes()) + " (tables and globals "
                + DataSize.ofBytes(loaded.peakHostMemoryBytes()) + " of it), " + result.elapsed().toMillis() + " ms");
    }

    private List<HostFunctionStub> stubs() {
        if (hostFunctions.isEmpty()) {
            return List.of();
        }
        List<HostFunctionStub> parsed = hostFunctions.stream().map(h -> HostStubs.parse(spec.commandLine(), h))
                .toList();
        List<String> unused = new ArrayList<>();
        List<HostFunctionStub> shaped = HostStubs.shape(parsed, target.path(), unused);
        unused.forEach(name -> warn("the plugin imports no host function \"" + name + "\"; --host-function "
                + name + " is not used"));
        return shaped;
    }

    private void hintAtMissingHostFunctions(PluginError error, List<HostFunctionStub> stubs) {
        if (error.code() != ErrorCode.INVALID_MODULE) {
            return;
        }
        Set<String> offered = stubs.stream().map(HostFunctionStub::key).collect(Collectors.toSet());
        Set<String> missing = HostStubs.missing(target.path(), offered);
        if (!missing.isEmpty()) {
            root.io().err().println("plinth: hint: to run it here, stub the host functions it imports: "
                    + missing.stream().map(name -> "--host-function " + name).collect(Collectors.joining(" ")));
        }
    }

    /** The keys {@code --trust} names; {@code --signatures} and {@code --trust} go together. */
    private TrustedKeys trustedKeys() {
        if (signatures == SignatureMode.OFF) {
            if (!trust.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--trust takes effect only with --signatures warn"
                        + " or --signatures require");
            }
            return TrustedKeys.none();
        }
        if (trust.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--signatures " + signatures + " needs the keys to trust:"
                    + " add --trust <keyfile>");
        }
        return SigningFiles.trusted(spec.commandLine(), trust);
    }

    /** Under {@code --signatures warn}, says that the plugin runs although its signature did not verify. */
    private void warnAboutSignature(PluginHost host) {
        // every entry kept: refused asks recorded at the same load come after the warning
        host.auditLog().recent(host.auditLog().capacity()).stream()
                .filter(e -> e.action() == AuditAction.LOADED_WITH_WARNING)
                .forEach(e -> warn(e.detail()));
    }

    private PluginHost host(List<HostFunctionStub> stubs, TrustedKeys trusted, SecurityPolicy policy) {
        PluginEngine.Builder builder = PluginEngine.builder().engine(engine()).limits(PluginLimits.DEFAULTS).policy(policy)
                .signatures(signatures, trusted).allowSymlinksOutOfFolder(allowSymlinksOutOfFolder);
        if (fuel != null) {
            builder.fuel(fuel);
        }
        if (compileCache != null) {
            builder.compileCache(CompileCache.in(compileCache));
        }
        if (dataDir != null) {
            builder.dataDirectory(dataDir);
        }
        wit.forEach(builder::witPackages);
        config.forEach(builder::configOverride);
        stubs.forEach(builder::hostFunction);
        return PluginHost.on(builder.build());
    }

    private EngineMode engine() {
        return interpreter ? EngineMode.INTERPRETED : EngineMode.COMPILED;
    }

    /** The plugin loaded with less than it asked for: say what and why, one warning each. */
    private void warnAboutWhatWasNotGranted(EffectiveGrants grants) {
        for (GrantDifference d : grants.notGranted()) {
            warn("not granted: " + d.describe());
        }
    }

    private void warn(String message) {
        if (root.verbosity() != Verbosity.QUIET) {
            root.io().err().println("plinth: warning: " + message);
        }
    }
}
