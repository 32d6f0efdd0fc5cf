package dev.plinth.host.internal.registry;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.api.unit.TextCap;
import dev.plinth.host.internal.engine.CompiledModule;
import dev.plinth.host.internal.engine.ModuleCompiler;
import dev.plinth.host.internal.pool.LinkedModule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The links between the modules of one plugin, checked before anything runs. An import names the
 * module it comes from; one that names another module of the plugin ({@code [modules]} in
 * {@code plugin.toml}) is resolved there first, as Extism's linker resolves imports by module name,
 * and must find an export of that name, kind and (for a function) type: a function, a memory
 * (then the one memory of both), a table, a global or a tag. Whatever is left goes to the host
 * ({@link ImportCheck}: the Extism kernel, WASI, granted host functions), which provides only
 * functions. Refused, as {@code invalid-module}, each naming the module, the import and the file:
 * an import from the main module ({@value PluginManifest#MAIN_MODULE}), which no module may import
 * from; modules that import from each other in a cycle, since each is instantiated after those it
 * imports from; a module other than the main one that exports {@code _start} (a WASI command, which
 * Extism's linker instantiates afresh for every call into it, where Plinth keeps one instance of
 * each module per plugin instance); an import of something a module of the plugin does not export
 * (the fuel counter the meter adds is not an export of the module); a memory, table, global or tag
 * from anywhere but a module of the plugin.
 */
final class ModuleLinks {
    private static final String COMMAND_START = "_start";

    private ModuleLinks() {
    }

    /**
     * How a plugin's modules are linked.
     *
     * @param order the modules in instantiation order: each after those it imports from, the
     *     modules no module depends on in manifest order, the main module last
     * @param hostImports each module's function imports that no module of the plugin provides, as
     *     {@code module -> (name -> type)}, for {@link ImportCheck}
     */
    record Plan(List<LinkedModule> order, Map<LinkedModule, Map<String, Map<String, FunctionType>>> hostImports) {
    }

    /**
     * Checks the links of {@code main} and {@code libraries} (in manifest order).
     *
     * @throws InvalidModuleException at the first link that cannot be made
     */
    static Plan plan(LinkedModule main, List<LinkedModule> libraries) {
        Map<String, LinkedModule> byName = new LinkedHashMap<>();
        for (LinkedModule library : libraries) {
            byName.put(library.name(), library);
        }
        Map<LinkedModule, Map<String, Map<String, FunctionType>>> hostImports = new IdentityHashMap<>();
        Map<LinkedModule, Collection<LinkedModule>> dependencies = new IdentityHashMap<>();
        List<LinkedModule> all = new ArrayList<>(libraries);
        all.add(main);
        for (LinkedModule module : all) {
            if (!module.isMain() && exported(module.module().module(), COMMAND_START, ExternalType.FUNCTION) != null) {
                throw new InvalidModuleException(module.label() + " (module " + shown(module.name()) + ") exports "
                        + COMMAND_START + ": it is a WASI command, which Extism's linker instantiates afresh for every"
                        + " call into it; Plinth keeps one instance of each module per plugin instance, so only the"
                        + " main module (plugin.entrypoint) may be a command");
            }
            // by name: a plugin's modules have distinct names, and a name is cheap to hash
            Map<String, LinkedModule> from = new LinkedHashMap<>();
            Map<String, Map<String, FunctionType>> host = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, FunctionType>> byModule : module.module().imports().entrySet()) {
                String importModule = byModule.getKey();
                LinkedModule provider = provider(module, importModule, byModule.getValue().keySet().iterator().next(),
                        byName);
                if (provider == null) {
                    host.put(importModule, byModule.getValue());
                    continue;
                }
                for (Map.Entry<String, FunctionType> imp : byModule.getValue().entrySet()) {
                    requireFunction(module, provider, imp.getKey(), imp.getValue());
                }
                from.put(provider.name(), provider);
            }
            for (CompiledModule.OtherImport other : module.module().otherImports()) {
                LinkedModule provider = provider(module, other.module(), other.name(), byName);
                if (provider == null) {
                    throw notAFunction(module, other);
                }
                requireExport(module, provider, other.name(), other.kind());
                from.put(provider.name(), provider);
            }
            hostImports.put(module, host);
            dependencies.put(module, from.values());
        }
        List<LinkedModule> order = new ArrayList<>(all.size());
        Set<String> done = new HashSet<>();
        for (LinkedModule module : all) {
            visit(module, dependencies, new ArrayList<>(), done, order);
        }
        return new Plan(List.copyOf(order), hostImports);
    }

    /**
     * The module of the plugin that {@code module}'s imports from {@code importModule} come from,
     * or {@code null} when no module of the plugin has that name (the host's, then).
     */
    private static LinkedModule provider(LinkedModule module, String importModule, String name,
            Map<String, LinkedModule> byName) {
        if (importModule.equals(PluginManifest.MAIN_MODULE)) {
            throw new InvalidModuleException(module.label() + " imports " + shown(importModule) + "." + shown(name)
                    + " from the main module (plugin.entrypoint); no module may import from the main module, only"
                    + " from the modules listed in [modules] of plugin.toml");
        }
        LinkedModule provider = byName.get(importModule);
        if (provider == module) {
            throw new InvalidModuleException(module.label() + " (module " + shown(module.name()) + ") imports "
                    + shown(importModule) + "." + shown(name) + " from itself; a module cannot import from itself");
        }
        return provider;
    }

    /** Depth first, dependencies before dependents; a module met again on its own path is a cycle. */
    private static void visit(LinkedModule module, Map<LinkedModule, Collection<LinkedModule>> dependencies,
            List<LinkedModule> path, Set<String> done, List<LinkedModule> order) {
        if (done.contains(module.name())) {
            return;
        }
        int seen = path.stream().map(LinkedModule::name).toList().indexOf(module.name());
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>();
            for (LinkedModule step : path.subList(seen, path.size())) {
                cycle.add(described(step));
            }
            cycle.add(described(module));
            throw new InvalidModuleException("the plugin's modules import from each other in a cycle: "
                    + String.join(" imports from ", cycle) + "; each module is instantiated after the modules it"
                    + " imports from, so their imports cannot go round in a circle");
        }
        path.add(module);
        for (LinkedModule dependency : dependencies.get(module)) {
            visit(dependency, dependencies, path, done, order);
        }
        path.remove(path.size() - 1);
        done.add(module.name());
        order.add(module);
    }

    private static void requireFunction(LinkedModule module, LinkedModule provider, String name, FunctionType type) {
        Export export = requireExport(module, provider, name, ExternalType.FUNCTION);
        WasmModule wasm = provider.module().module();
        FunctionType exported = ModuleCompiler.functionType(wasm, export.index(),
                wasm.importSection().count(ExternalType.FUNCTION));
        if (!exported.typesMatch(type)) {
            throw new InvalidModuleException(module.label() + " imports " + shown(provider.name()) + "." + shown(name)
                    + " as " + text(type) + ", but module " + shown(provider.name()) + " (" + provider.label()
                    + ") exports it as " + text(exported));
        }
    }

    private static Export requireExport(LinkedModule module, LinkedModule provider, String name, ExternalType kind) {
        WasmModule wasm = provider.module().module();
        boolean fuelCounter = kind == ExternalType.GLOBAL && provider.fuelCounter().filter(name::equals).isPresent();
        Export export = fuelCounter ? null : exported(wasm, name, null);
        if (export == null) {
            throw new InvalidModuleException(module.label() + " imports " + word(kind) + " " + shown(provider.name())
                    + "." + shown(name) + ", which module " + shown(provider.name()) + " (" + provider.label()
                    + ") does not export");
        }
        if (export.exportType() != kind) {
            throw new InvalidModuleException(module.label() + " imports " + shown(provider.name()) + "." + shown(name)
                    + " as " + word(kind) + ", but module " + shown(provider.name()) + " (" + provider.label()
                    + ") exports it as " + word(export.exportType()));
        }
        return export;
    }

    private static InvalidModuleException notAFunction(LinkedModule module, CompiledModule.OtherImport other) {
        return new InvalidModuleException(module.label() + " imports " + word(other.kind()) + " ("
                + shown(other.module()) + "." + shown(other.name()) + "); plugins may import only functions from the"
                + " host, and memories, tables, globals and tags only from another module of the plugin ([modules] in"
                + " plugin.toml), which " + shown(other.module()) + " is not");
    }

    /** The export of {@code name}, of {@code kind} unless that is {@code null}. */
    private static Export exported(WasmModule module, String name, ExternalType kind) {
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            Export export = exports.getExport(i);
            if (export.name().equals(name) && (kind == null || export.exportType() == kind)) {
                return export;
            }
        }
        return null;
    }

    private static String described(LinkedModule module) {
        return shown(module.name()) + " (" + module.label() + ")";
    }

    private static String word(ExternalType kind) {
        return "a " + kind.name().toLowerCase(Locale.ROOT);
    }

    /** A function type as reports write it: {@code (i64, i32) -> ()}, {@code () -> i32}. */
    private static String text(FunctionType type) {
        List<String> params = type.params().stream().map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
        List<String> returns = type.returns().stream().map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
        return "(" + String.join(", ", params) + ") -> "
                + (returns.size() == 1 ? returns.get(0) : "(" + String.join(", ", returns) + ")");
    }

    /** A name as messages show it: the module chose it, and it may be long. */
    private static String shown(String name) {
        return TextCap.chars(name, 128);
    }
}
