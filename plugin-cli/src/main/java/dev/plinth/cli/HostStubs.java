package dev.plinth.cli;

import dev.plinth.api.error.PluginException;
import dev.plinth.host.ModuleInspector;
import dev.plinth.host.ModuleReport;
import dev.plinth.api.host.HostFunctionName;
import dev.plinth.host.ModuleReport.ImportEntry;
import dev.plinth.host.ModuleReport.ImportStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Reads {@code --host-function} values and shapes the stubs like the plugin's imports, since a
 * host function must be offered with the arity the guest imports it with. Also names the host
 * functions a plugin imports that nobody offered, for the hint after a failed load.
 */
final class HostStubs {
    private HostStubs() {
    }

    /**
     * Parses {@code name} (echo), {@code name=text}, {@code name=@file} or {@code name=} (no value),
     * where {@code name} may be {@code namespace::name} for a function outside
     * {@code extism:host/user} (go-pdk's {@code host::hostGreenMessage}, say).
     *
     * @throws ParameterException for an empty or invalid name or an unreadable file
     */
    static HostFunctionStub parse(CommandLine command, String spec) {
        int eq = spec.indexOf('=');
        String text = eq < 0 ? spec : spec.substring(0, eq);
        if (text.isBlank()) {
            throw new ParameterException(command, "--host-function needs a name, as in --host-function lookup"
                    + " or --host-function lookup=reply (got \"" + spec + "\")");
        }
        HostFunctionName name;
        try {
            name = HostFunctionName.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command, "--host-function " + spec + ": " + e.getMessage());
        }
        if (eq < 0) {
            return new HostFunctionStub(name, Optional.empty(), false, 1, true);
        }
        String value = spec.substring(eq + 1);
        if (value.isEmpty()) {
            return new HostFunctionStub(name, Optional.empty(), true, 1, true);
        }
        if (value.startsWith("@")) {
            Path file = Path.of(value.substring(1));
            try {
                return new HostFunctionStub(name, Optional.of(Files.readAllBytes(file)), false, 1, true);
            } catch (NoSuchFileException e) {
                throw new ParameterException(command, "no such file: " + file);
            } catch (IOException e) {
                throw new ParameterException(command, "cannot read " + file + ": " + e.getMessage());
            }
        }
        return new HostFunctionStub(name, Optional.of(value.getBytes(StandardCharsets.UTF_8)), false, 1, true);
    }

    /**
     * Shapes each stub like the plugin's import of the same name. Stubs the plugin does not import
     * are kept as they are and reported in {@code unused}.
     */
    static List<HostFunctionStub> shape(List<HostFunctionStub> stubs, Path plugin, List<String> unused) {
        Map<String, ImportEntry> imported = userImports(plugin);
        Map<String, HostFunctionStub> byName = new LinkedHashMap<>();
        for (HostFunctionStub stub : stubs) {
            ImportEntry imp = imported.get(stub.key());
            if (imp == null) {
                unused.add(stub.key());
                byName.put(stub.key(), stub);
            } else {
                byName.put(stub.key(), stub.shaped(imp.params().size(), !imp.results().isEmpty()));
            }
        }
        return new ArrayList<>(byName.values());
    }

    /**
     * The host functions the plugin imports that are not in {@code offered}, sorted; empty when
     * the module has other problems, since then those, not the host functions, stopped the load.
     */
    static Set<String> missing(Path plugin, Set<String> offered) {
        Optional<ModuleReport> report = inspect(plugin).filter(ModuleReport::extismCompatible);
        Set<String> missing = new TreeSet<>(report.map(HostStubs::userImports).orElse(Map.of()).keySet());
        missing.removeAll(offered);
        return missing;
    }

    private static Map<String, ImportEntry> userImports(Path plugin) {
        return inspect(plugin).map(HostStubs::userImports).orElse(Map.of());
    }

    private static Optional<ModuleReport> inspect(Path plugin) {
        try {
            return Optional.of(ModuleInspector.inspect(plugin));
        } catch (PluginException e) {
            return Optional.empty(); // loading reports the problem itself
        }
    }

    /**
     * The module's imports of application host functions, in any namespace, by the key grants use
     * ({@code name} in {@code extism:host/user}, else {@code namespace::name}); imports that name no
     * valid host function (the host's own namespaces among them) are not host functions to stub.
     */
    private static Map<String, ImportEntry> userImports(ModuleReport report) {
        Map<String, ImportEntry> imports = new LinkedHashMap<>();
        for (ImportEntry entry : report.imports()) {
            boolean hostFunction = entry.status() == ImportStatus.HOST_FUNCTION
                    || entry.status() == ImportStatus.UNKNOWN_MODULE;
            if (!hostFunction || entry.kind() != ModuleReport.Kind.FUNCTION) {
                continue;
            }
            try {
                imports.put(HostFunctionName.of(entry.module(), entry.name()).key(), entry);
            } catch (IllegalArgumentException e) {
                // not a name a host function can have: the load reports the import itself
            }
        }
        return imports;
    }
}
