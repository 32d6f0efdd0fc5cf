package dev.plinth.host;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.GlobalImport;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryImport;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.TableImport;
import com.dylibso.chicory.wasm.types.TableLimits;
import com.dylibso.chicory.wasm.types.ValType;
import dev.plinth.api.ModuleLimits;
import dev.plinth.api.error.InvalidManifestException;
import dev.plinth.api.error.InvalidModuleException;
import dev.plinth.api.file.PluginFileException;
import dev.plinth.api.file.PluginFileReader;
import dev.plinth.api.file.PluginFolder;
import dev.plinth.api.file.SizeCap;
import dev.plinth.api.host.HostFunctionName;
import dev.plinth.api.manifest.HostApi;
import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.component.ComponentHeader;
import dev.plinth.host.ModuleReport.ExportEntry;
import dev.plinth.host.ModuleReport.ImportEntry;
import dev.plinth.host.ModuleReport.ImportStatus;
import dev.plinth.host.ModuleReport.Kind;
import dev.plinth.host.ModuleReport.MemoryInfo;
import dev.plinth.abi.ExtismKernel;
import dev.plinth.abi.UserFunctions;
import dev.plinth.abi.WasiModule;
import dev.plinth.host.internal.engine.GuestRuntime;
import dev.plinth.host.internal.engine.ModuleCompiler;
import dev.plinth.host.internal.engine.SimdFallback;
import dev.plinth.host.internal.registry.PluginLoader;
import dev.plinth.wasm.shape.ModuleShape;
import dev.plinth.wasm.shape.ModuleShapeCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Looks inside a plugin without running it: reads its manifest and module and reports digest,
 * exports, imports and memory, and whether the module has the shape an Extism host needs. The
 * same rules as loading apply, but every problem is listed instead of stopping at the first, so
 * that a plugin author sees everything that is wrong at once ({@code plinth inspect}). Of a plugin
 * made of several modules it inspects the main one ({@code entrypoint}); its imports from the
 * others ({@code [modules]}) are reported as {@link ImportStatus#PLUGIN_MODULE}.
 */
public final class ModuleInspector {
    /** The name Extism hosts look the guest's linear memory up by. */
    public static final String MEMORY_EXPORT = "memory";

    private static final FunctionType EXTISM_EXPORT = FunctionType.returning(ValType.I32);
    private static final String PROVIDED_MODULES = ExtismKernel.MODULE + ", " + WasiModule.MODULE
            + " and the host functions it asks for (" + UserFunctions.MODULE + " or any namespace)";

    private ModuleInspector() {
    }

    /**
     * Inspects a plugin directory (with {@code plugin.toml}) or a bare {@code .wasm} file.
     *
     * @return the report; a module that would not load is reported, not thrown
     * @throws InvalidModuleException when the file cannot be read or is not a WebAssembly module
     * @throws InvalidManifestException when a plugin directory's manifest is missing or invalid, or
     *     names an entrypoint that does not exist
     */
    public static ModuleReport inspect(Path dirOrWasm) {
        return inspect(dirOrWasm, false, ModuleLimits.DEFAULTS);
    }

    /**
     * Inspects a plugin directory or a bare {@code .wasm} file, reading its files as loading does
     * ({@link PluginFileReader}): only regular files, a module within {@code limits} (checked from
     * its bytes before it is parsed, {@link ModuleShapeCheck}), and symbolic links out of the folder
     * holding the plugin only if {@code allowSymlinksOutOfFolder}.
     *
     * @throws InvalidModuleException when the module is refused as a file or for its shape, cannot
     *     be read or is not a WebAssembly module
     * @throws InvalidManifestException when a plugin directory's manifest is missing, refused or
     *     invalid, or names an entrypoint that does not exist
     */
    public static ModuleReport inspect(Path dirOrWasm, boolean allowSymlinksOutOfFolder, ModuleLimits limits) {
        Path source = dirOrWasm.toAbsolutePath().normalize();
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidModuleException("cannot read " + dirOrWasm + ": no such file or directory");
        }
        boolean bare = !Files.isDirectory(source);
        PluginFolder folder = PluginFolder.holding(source, allowSymlinksOutOfFolder);
        List<String> manifestProblems = new ArrayList<>();
        PluginManifest manifest = manifestOf(source, bare, folder, manifestProblems);
        Path wasm = bare ? source : source.resolve(manifest.entrypoint());
        String label = bare ? dirOrWasm.toString() : dirOrWasm.resolve(manifest.entrypoint()).toString();
        byte[] bytes = read(source, wasm, manifest, label, folder, limits.maxModuleBytes());
        if (ComponentHeader.isComponent(bytes)) {
            throw new InvalidModuleException(label + " is a WebAssembly component (Component Model), not a core"
                    + " module: ModuleInspector.inspectComponent reports its exports and their types");
        }
        ModuleShape figures = ModuleShapeCheck.check(bytes, limits, label);
        WasmModule module = parse(bytes, label);

        if (!HostApi.supports(manifest.hostApi())) {
            manifestProblems.add("plugin.host-api: the plugin needs host-api " + manifest.hostApi()
                    + ", but this host implements " + HostApi.CURRENT);
        }
        Shape shape = new Shape(module);
        List<String> incompatibilities = new ArrayList<>();
        List<ImportEntry> imports = imports(module, manifest, incompatibilities);
        List<ExportEntry> exports = exports(module, shape);
        Optional<MemoryInfo> memory = memory(module, shape);

        List<String> callable = exports.stream().filter(ExportEntry::callable).map(ExportEntry::name).toList();
        if (callable.isEmpty()) {
            incompatibilities.add("exports no function of type () -> i32 or () -> (), so an Extism host has nothing"
                    + " to call");
        }
        for (String declared : new TreeSet<>(manifest.exports().keySet())) {
            if (!callable.contains(declared)) {
                manifestProblems.add("exports." + declared + ": the manifest declares it, but the module exports no"
                        + " function \"" + declared + "\" of type () -> i32 or () -> ()");
            }
        }
        List<String> initializers = List.of();
        try {
            // named by nothing: the problem reads as the other incompatibilities do, without a subject
            initializers = GuestRuntime.of(module, shape::function, "").steps().stream()
                    .map(GuestRuntime.Step::export).toList();
        } catch (InvalidModuleException e) {
            incompatibilities.add(e.getMessage().strip());
        }
        Optional<String> interpreter = figures.usesSimd()
                ? Optional.of(SimdFallback.reason(module, figures.simdFunction())) : Optional.empty();
        return new ModuleReport(source, wasm, bare, manifest, ModuleCompiler.sha256(bytes), bytes.length, exports,
                imports, memory, figures, initializers, interpreter, incompatibilities.isEmpty(), incompatibilities,
                manifestProblems);
    }

    /**
     * Whether {@code dirOrWasm} (a plugin directory's entrypoint, or a bare {@code .wasm}) is a WebAssembly
     * component rather than a core module, by its header.
     *
     * @throws InvalidModuleException when the file cannot be read
     * @throws InvalidManifestException when a plugin directory's manifest is missing or invalid
     */
    public static boolean isComponent(Path dirOrWasm) {
        Path source = dirOrWasm.toAbsolutePath().normalize();
        PluginFolder folder = PluginFolder.holding(source, false);
        boolean bare = !Files.isDirectory(source);
        PluginManifest manifest = manifestOf(source, bare, folder, new ArrayList<>());
        Path wasm = bare ? source : source.resolve(manifest.entrypoint());
        try (var in = Files.newInputStream(wasm)) {
            return ComponentHeader.isComponent(in.readNBytes(8));
        } catch (IOException e) {
            throw new InvalidModuleException("cannot read " + wasm + ": " + e.getMessage(), e);
        }
    }

    /**
     * Inspects a plugin that is a WebAssembly component by loading it as an engine with default limits would
     * (in the interpreter, under the default deadline, so a hostile start function is stopped), and reports its
     * exports with their WIT types; the version is closed again.
     *
     * @throws dev.plinth.api.error.PluginException with the load's code when it does not load
     */
    public static ComponentReport inspectComponent(Path dirOrWasm) {
        try (PluginEngine engine = PluginEngine.builder().engine(EngineMode.INTERPRETED).build();
                PluginVersion version = engine.load(dirOrWasm)) {
            ComponentCalls calls = version.component().orElseThrow(() -> new InvalidModuleException(dirOrWasm
                    + " is a core module, not a component: inspect it with ModuleInspector.inspect"));
            return new ComponentReport(dirOrWasm, version.name(), version.version(), version.sha256(),
                    calls.functions(), version.world(), version.interfaceHash().orElseThrow());
        }
    }

    private static PluginManifest manifestOf(Path source, boolean bare, PluginFolder folder,
            List<String> manifestProblems) {
        if (!bare) {
            return PluginLoader.manifestOf(source, folder);
        }
        try {
            return PluginLoader.manifestOf(source, folder);
        } catch (InvalidManifestException e) {
            // A bare file whose name makes no valid plugin name: still worth inspecting.
            manifestProblems.add(e.getMessage());
            return PluginManifest.forBareModule(PluginLoader.fallbackName(source), source.getFileName().toString());
        }
    }

    private static byte[] read(Path source, Path wasm, PluginManifest manifest, String label, PluginFolder folder,
            long maxModuleBytes) {
        try {
            return PluginFileReader.read(wasm, new SizeCap(maxModuleBytes, "max-module-size"), folder);
        } catch (PluginFileException e) {
            throw new InvalidModuleException(label + ": " + e.problem(), e);
        } catch (NoSuchFileException e) {
            throw new InvalidManifestException(source.resolve(PluginLoader.MANIFEST).toString(), "plugin.entrypoint",
                    "file \"" + manifest.entrypoint() + "\" does not exist in " + source);
        } catch (IOException e) {
            throw new InvalidModuleException("cannot read " + label + ": " + e.getMessage(), e);
        }
    }

    private static WasmModule parse(byte[] bytes, String label) {
        try {
            return Parser.parse(bytes);
        } catch (RuntimeException | StackOverflowError e) {
            String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                    : e.getMessage();
            throw new InvalidModuleException(label + " is not a valid WebAssembly module (" + bytes.length
                    + " bytes): " + why, e);
        }
    }

    private static List<ImportEntry> imports(WasmModule module, PluginManifest manifest,
            List<String> incompatibilities) {
        List<ImportEntry> entries = new ArrayList<>();
        Map<String, List<String>> unknownModules = new LinkedHashMap<>();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imp = module.importSection().getImport(i);
            boolean function = imp.importType() == ExternalType.FUNCTION;
            FunctionType type = function ? module.typeSection().getType(((FunctionImport) imp).typeIndex()) : null;
            ImportEntry entry;
            if (manifest.modules().containsKey(imp.module())) {
                entry = new ImportEntry(imp.module(), imp.name(), kind(imp.importType()),
                        function ? typeText(type) : importType(imp), function ? valueTexts(type.params()) : List.of(),
                        function ? valueTexts(type.returns()) : List.of(), ImportStatus.PLUGIN_MODULE,
                        Optional.empty());
            } else if (function) {
                entry = functionImport(imp, type, manifest.permissions().hostFunctions());
            } else {
                entry = new ImportEntry(imp.module(), imp.name(), kind(imp.importType()), importType(imp), List.of(),
                        List.of(), ImportStatus.NOT_A_FUNCTION, Optional.empty());
            }
            entries.add(entry);
            switch (entry.status()) {
                case UNKNOWN_MODULE -> unknownModules.computeIfAbsent(entry.module(), k -> new ArrayList<>())
                        .add(entry.name());
                case UNKNOWN_ABI_FUNCTION -> incompatibilities.add("imports " + entry.qualifiedName()
                        + ", which is not part of the Extism ABI");
                case WRONG_TYPE -> incompatibilities.add("imports " + entry.qualifiedName() + " as " + entry.type()
                        + ", but the host defines it as " + entry.expectedType().orElseThrow());
                case NOT_A_FUNCTION -> incompatibilities.add("imports a " + entry.kind().word() + " ("
                        + entry.qualifiedName() + "); plugins may import only functions from the host, and"
                        + " memories, tables, globals and tags only from another module of the plugin ([modules] in"
                        + " plugin.toml)");
                default -> {
                    // provided by the host
                }
            }
        }
        unknownModules.forEach((name, functions) -> incompatibilities.add("imports " + functions.size()
                + (functions.size() == 1 ? " function" : " functions") + " from \"" + name + "\" ("
                + abbreviate(functions) + "), which the manifest does not ask for as host functions (e.g."
                + " host-functions = [\"" + name + HostFunctionName.SEPARATOR + functions.get(0) + "\"]); plugins may import only "
                + PROVIDED_MODULES));
        return entries;
    }

    private static ImportEntry functionImport(Import imp, FunctionType type, Set<String> askedHostFunctions) {
        String typeText = typeText(type);
        ImportStatus status;
        Optional<String> expected = Optional.empty();
        switch (imp.module()) {
            case ExtismKernel.MODULE -> {
                FunctionType abi = ExtismKernel.SIGNATURES.get(imp.name());
                if (abi == null) {
                    status = ImportStatus.UNKNOWN_ABI_FUNCTION;
                } else if (!type.typesMatch(abi)) {
                    status = ImportStatus.WRONG_TYPE;
                    expected = Optional.of(typeText(abi));
                } else {
                    status = ImportStatus.EXTISM_ABI;
                }
            }
            case WasiModule.MODULE -> status = ImportStatus.WASI;
            default -> {
                // An application's host function may have any signature; the host checks it at load.
                status = imp.module().equals(UserFunctions.MODULE) || asks(askedHostFunctions, imp)
                        ? ImportStatus.HOST_FUNCTION : ImportStatus.UNKNOWN_MODULE;
            }
        }
        return new ImportEntry(imp.module(), imp.name(), Kind.FUNCTION, typeText, valueTexts(type.params()),
                valueTexts(type.returns()), status, expected);
    }

    /** Whether the manifest asks for this import as a host function, by its {@link HostFunctionName#key}. */
    private static boolean asks(Set<String> askedHostFunctions, Import imp) {
        try {
            return askedHostFunctions.contains(HostFunctionName.of(imp.module(), imp.name()).key());
        } catch (IllegalArgumentException e) {
            return false; // a namespace or name no host function can have
        }
    }

    private static List<ExportEntry> exports(WasmModule module, Shape shape) {
        List<ExportEntry> entries = new ArrayList<>();
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export export = module.exportSection().getExport(i);
            Kind kind = kind(export.exportType());
            String type;
            boolean callable = false;
            switch (kind) {
                case FUNCTION -> {
                    FunctionType functionType = shape.function(export.index());
                    type = functionType == null ? "?" : typeText(functionType);
                    callable = functionType != null && !GuestRuntime.INITIALIZERS.contains(export.name())
                            && (functionType.typesMatch(EXTISM_EXPORT) || functionType.typesMatch(FunctionType.empty()));
                }
                case MEMORY -> type = shape.memory(export.index()).map(ModuleInspector::limitsText).orElse("?");
                case GLOBAL -> type = shape.global(export.index());
                case TABLE -> type = shape.table(export.index());
                default -> type = kind.word();
            }
            entries.add(new ExportEntry(export.name(), kind, type, callable));
        }
        return entries;
    }

    private static Optional<MemoryInfo> memory(WasmModule module, Shape shape) {
        if (shape.memoryCount() == 0) {
            return Optional.empty();
        }
        // The memory Extism would use is the one exported as "memory"; otherwise describe memory 0.
        int index = 0;
        Optional<String> exportedAs = Optional.empty();
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export export = module.exportSection().getExport(i);
            if (export.exportType() == ExternalType.MEMORY
                    && (exportedAs.isEmpty() || export.name().equals(MEMORY_EXPORT))) {
                index = export.index();
                exportedAs = Optional.of(export.name());
            }
        }
        MemoryLimits limits = shape.memory(index).orElseThrow();
        OptionalInt max = limits.maximumPages() == MemoryLimits.MAX_PAGES ? OptionalInt.empty()
                : OptionalInt.of(limits.maximumPages());
        return Optional.of(new MemoryInfo(limits.initialPages(), max, exportedAs, index < shape.importedMemories()));
    }

    private static String importType(Import imp) {
        if (imp instanceof MemoryImport memory) {
            return limitsText(memory.limits());
        }
        if (imp instanceof GlobalImport global) {
            return globalText(global.type(), global.mutabilityType());
        }
        if (imp instanceof TableImport table) {
            return tableText(table.entryType(), table.limits());
        }
        return kind(imp.importType()).word();
    }

    private static Kind kind(ExternalType type) {
        return Kind.valueOf(type.name());
    }

    /** A function type as reports write it: {@code (i64, i32) -> ()}, {@code () -> i32}. */
    static String typeText(FunctionType type) {
        String params = String.join(", ", valueTexts(type.params()));
        List<String> returns = valueTexts(type.returns());
        String results = returns.size() == 1 ? returns.get(0) : "(" + String.join(", ", returns) + ")";
        return "(" + params + ") -> " + results;
    }

    private static List<String> valueTexts(List<ValType> types) {
        return types.stream().map(ModuleInspector::valueText).toList();
    }

    private static String valueText(ValType type) {
        if (type.equals(ValType.FuncRef)) {
            return "funcref";
        }
        if (type.equals(ValType.ExternRef)) {
            return "externref";
        }
        return type.name().toLowerCase(Locale.ROOT);
    }

    private static String limitsText(MemoryLimits limits) {
        String max = limits.maximumPages() == MemoryLimits.MAX_PAGES ? "no max" : "max " + limits.maximumPages();
        return pages(limits.initialPages()) + ", " + max + (limits.shared() ? ", shared" : "");
    }

    private static String pages(int count) {
        return count == 1 ? "1 page" : count + " pages";
    }

    private static String globalText(ValType type, MutabilityType mutability) {
        return (mutability == MutabilityType.Var ? "mut " : "") + valueText(type);
    }

    private static String tableText(ValType element, TableLimits limits) {
        String max = limits.max() >= TableLimits.LIMIT_MAX ? "no max" : "max " + limits.max();
        return valueText(element) + " table, " + limits.min() + " entries, " + max;
    }

    private static String abbreviate(List<String> names) {
        int shown = Math.min(names.size(), 5);
        String listed = String.join(", ", names.subList(0, shown));
        return names.size() > shown ? listed + ", and " + (names.size() - shown) + " more" : listed;
    }

    /** The index spaces of a module: imported entries first, then the module's own. */
    private static final class Shape {
        private final WasmModule module;
        private final List<FunctionType> importedFunctions = new ArrayList<>();
        private final List<MemoryLimits> importedMemories = new ArrayList<>();
        private final List<String> importedGlobals = new ArrayList<>();
        private final List<String> importedTables = new ArrayList<>();

        Shape(WasmModule module) {
            this.module = module;
            for (int i = 0; i < module.importSection().importCount(); i++) {
                Import imp = module.importSection().getImport(i);
                if (imp instanceof FunctionImport function) {
                    importedFunctions.add(module.typeSection().getType(function.typeIndex()));
                } else if (imp instanceof MemoryImport memory) {
                    importedMemories.add(memory.limits());
                } else if (imp instanceof GlobalImport global) {
                    importedGlobals.add(globalText(global.type(), global.mutabilityType()));
                } else if (imp instanceof TableImport table) {
                    importedTables.add(tableText(table.entryType(), table.limits()));
                }
            }
        }

        FunctionType function(int index) {
            if (index < importedFunctions.size()) {
                return importedFunctions.get(index);
            }
            int own = index - importedFunctions.size();
            if (own >= module.functionSection().functionCount()) {
                return null;
            }
            return module.functionSection().getFunctionType(own, module.typeSection());
        }

        int importedMemories() {
            return importedMemories.size();
        }

        int memoryCount() {
            return importedMemories.size() + module.memorySection().map(s -> s.memoryCount()).orElse(0);
        }

        Optional<MemoryLimits> memory(int index) {
            if (index < importedMemories.size()) {
                return Optional.of(importedMemories.get(index));
            }
            int own = index - importedMemories.size();
            return module.memorySection().filter(s -> own < s.memoryCount()).map(s -> s.getMemory(own).limits());
        }

        String global(int index) {
            if (index < importedGlobals.size()) {
                return importedGlobals.get(index);
            }
            int own = index - importedGlobals.size();
            if (own >= module.globalSection().globalCount()) {
                return "?";
            }
            var global = module.globalSection().getGlobal(own);
            return globalText(global.valueType(), global.mutabilityType());
        }

        String table(int index) {
            if (index < importedTables.size()) {
                return importedTables.get(index);
            }
            int own = index - importedTables.size();
            if (own >= module.tableSection().tableCount()) {
                return "?";
            }
            var table = module.tableSection().getTable(own);
            return tableText(table.elementType(), table.limits());
        }
    }
}
