package dev.plinth.host;

import dev.plinth.api.manifest.PluginManifest;
import dev.plinth.wasm.shape.ModuleShape;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@link ModuleInspector} found in a plugin without running it: the manifest, the module's
 * digest, exports, imports and memory, and whether it has the shape of an Extism plugin. Plugin
 * authors read it to see why a module will not load before they deploy it.
 *
 * @param source the plugin directory or bare {@code .wasm} file that was inspected
 * @param wasm the module file itself (the manifest's entrypoint, or {@code source} for a bare file)
 * @param bare whether the plugin has no {@code plugin.toml}, so {@code manifest} is the made-up
 *     manifest of a bare module
 * @param manifest the plugin's manifest, or the defaults a bare module gets
 * @param sha256 hex SHA-256 of the module bytes, as the registry reports it
 * @param size the module's size in bytes
 * @param exports every export, in module order
 * @param imports every import, in module order, each checked against what a Plinth host provides
 * @param memory the module's linear memory, if it declares or imports one
 * @param shape what the host spends on it beyond linear memory: functions and code to compile,
 *     the tables and globals each instance holds on the host's heap
 * @param initializers the exports the host calls once per instance, in order, before the first
 *     call, to bring the guest's language runtime up as Extism does ({@code _initialize},
 *     {@code hs_init}, {@code __wasm_call_ctors}); empty when there is nothing to call
 * @param interpreter why the module runs in Chicory's interpreter even where the engine compiles
 *     (it uses SIMD, which the compiler does not support); empty when it is compiled
 * @param extismCompatible whether the module has the shape the Extism ABI requires
 * @param incompatibilities why it does not, one sentence each; empty when compatible
 * @param manifestProblems mismatches between the manifest and the module, or a manifest this
 *     host cannot honour (for example an export declared but missing); each one stops the plugin
 *     from loading even when the module itself is compatible
 */
public record ModuleReport(
        Path source,
        Path wasm,
        boolean bare,
        PluginManifest manifest,
        String sha256,
        long size,
        List<ExportEntry> exports,
        List<ImportEntry> imports,
        Optional<MemoryInfo> memory,
        ModuleShape shape,
        List<String> initializers,
        Optional<String> interpreter,
        boolean extismCompatible,
        List<String> incompatibilities,
        List<String> manifestProblems) {

    public ModuleReport {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(wasm, "wasm");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(sha256, "sha256");
        exports = List.copyOf(exports);
        imports = List.copyOf(imports);
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(shape, "shape");
        initializers = List.copyOf(initializers);
        Objects.requireNonNull(interpreter, "interpreter");
        incompatibilities = List.copyOf(incompatibilities);
        manifestProblems = List.copyOf(manifestProblems);
    }

    /**
     * Whether it exports {@code _initialize} of type {@code () -> ()} (a WASI reactor) that the host
     * calls once per instance.
     */
    public boolean reactor() {
        return initializers.contains("_initialize");
    }

    /**
     * The exports an Extism host can call: functions of type {@code () -> i32} or {@code () -> ()},
     * other than the runtime's initializers, in module order.
     */
    public List<String> callableExports() {
        return exports.stream().filter(ExportEntry::callable).map(ExportEntry::name).toList();
    }

    /** Whether a Plinth host would accept the plugin: a compatible module and a consistent manifest. */
    public boolean loadable() {
        return extismCompatible && manifestProblems.isEmpty();
    }

    /** What kind of thing an import or export is. */
    public enum Kind {
        FUNCTION, TABLE, MEMORY, GLOBAL, TAG;

        /** The lowercase word used in reports, e.g. {@code function}. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One export.
     *
     * @param name the export's name
     * @param kind what it is
     * @param type its wasm type: {@code (i64, i32) -> i64} for a function, the limits of a memory
     *     or table, the value type of a global (with {@code mut} when mutable)
     * @param callable whether it is a function of type {@code () -> i32} or {@code () -> ()} (which
     *     counts as returning 0), which Extism hosts can call; the runtime's initializers are not
     */
    public record ExportEntry(String name, Kind kind, String type, boolean callable) {
        public ExportEntry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(type, "type");
        }
    }

    /** How an import stands against what a Plinth host provides. */
    public enum ImportStatus {
        /** A function of the Extism ABI ({@code extism:host/env}) with the right type. */
        EXTISM_ABI(true),
        /** A WASI preview 1 function; the host links every one (each does only what grants allow). */
        WASI(true),
        /** An application host function ({@code extism:host/user}, or another namespace the manifest
         * asks for in {@code permissions.host-functions}): loads only where the application offers
         * it with this signature and the policy grants it. */
        HOST_FUNCTION(true),
        /** An {@code extism:host/env} name that is not part of the Extism ABI. */
        UNKNOWN_ABI_FUNCTION(false),
        /** An Extism ABI function imported with a type other than the ABI's. */
        WRONG_TYPE(false),
        /** A module that is neither the Extism ABI nor WASI, whose functions the manifest does not ask for as host functions. */
        UNKNOWN_MODULE(false),
        /**
         * Anything imported from another module of the plugin ({@code [modules]} in its
         * {@code plugin.toml}): linked at load if that module exports it (which inspecting the main
         * module does not check).
         */
        PLUGIN_MODULE(true),
        /** A memory, table, global or tag import from the host: the host provides only functions. */
        NOT_A_FUNCTION(false);

        private final boolean ok;

        ImportStatus(boolean ok) {
            this.ok = ok;
        }

        /** Whether the host can satisfy an import in this state. */
        public boolean ok() {
            return ok;
        }

        /** The lowercase, dashed word used in reports, e.g. {@code wrong-type}. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One import.
     *
     * @param module the import module, e.g. {@code extism:host/env}
     * @param name the imported name, e.g. {@code output_set}
     * @param kind what is imported
     * @param type its wasm type, written as for {@link ExportEntry#type()}
     * @param params for a function, the value types of its parameters ({@code i64}, ...); else empty
     * @param results for a function, the value types of its results; else empty
     * @param status how it stands against the host
     * @param expectedType for {@link ImportStatus#WRONG_TYPE}, the type the ABI defines; otherwise empty
     */
    public record ImportEntry(String module, String name, Kind kind, String type, List<String> params,
            List<String> results, ImportStatus status, Optional<String> expectedType) {
        public ImportEntry {
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(type, "type");
            params = List.copyOf(params);
            results = List.copyOf(results);
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(expectedType, "expectedType");
        }

        /** {@code module.name}, as reports and errors write it. */
        public String qualifiedName() {
            return module + "." + name;
        }
    }

    /**
     * The module's linear memory.
     *
     * @param initialPages the pages (64 KiB each) it starts with
     * @param maxPages the module's own maximum, if it declares one
     * @param exportedAs the name it is exported under, if exported (Extism needs {@code memory})
     * @param imported whether the memory is imported rather than declared by the module
     */
    public record MemoryInfo(int initialPages, OptionalInt maxPages, Optional<String> exportedAs, boolean imported) {
        /** Bytes in one wasm page. */
        public static final long PAGE_BYTES = 65536;

        public MemoryInfo {
            Objects.requireNonNull(maxPages, "maxPages");
            Objects.requireNonNull(exportedAs, "exportedAs");
        }

        /** The memory it starts with, in bytes. */
        public long initialBytes() {
            return initialPages * PAGE_BYTES;
        }
    }
}
