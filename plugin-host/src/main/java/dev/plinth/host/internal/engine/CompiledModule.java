package dev.plinth.host.internal.engine;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.plinth.host.EngineMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A parsed, checked and (in compiled mode) compiled module, ready to instantiate any number of
 * times. Shared by every instance and every reload of the same bytes.
 *
 * @param sha256 hex digest of the module bytes
 * @param size the module's size in bytes
 * @param module Chicory's parsed module
 * @param machineFactory creates the execution machine of each instance
 * @param mode how the module runs
 * @param callable exports Extism can call: functions of type {@code () -> i32} or {@code () -> ()}
 *     (which counts as returning 0), sorted; not the runtime's initializers ({@link GuestRuntime})
 * @param imports every function import, as {@code module -> (name -> type)}
 * @param otherImports every import of a memory, table, global or tag, in module order: a plugin's
 *     module may import them only from another module of the plugin
 * @param initialPages the memory the module starts with, in 64 KiB pages (0 for a module without memory)
 * @param ownInitialPages what all the memories the module declares (not those it imports) start
 *     with together, in pages
 * @param maxPages the module's own memory maximum, or {@code -1} when it declares none
 * @param runtime the exports the host calls once per instance to bring the guest's runtime up
 * @param functionNames names from the module's name section, for trap reports
 * @param interpreted why the module runs in the interpreter though its mode is compiled (it uses
 *     SIMD, which Chicory's compiler does not support), or empty
 */
public record CompiledModule(
        String sha256,
        long size,
        WasmModule module,
        Function<Instance, Machine> machineFactory,
        EngineMode mode,
        List<String> callable,
        Map<String, Map<String, FunctionType>> imports,
        List<OtherImport> otherImports,
        int initialPages,
        int ownInitialPages,
        int maxPages,
        GuestRuntime runtime,
        FunctionNames functionNames,
        Optional<String> interpreted) {

    /**
     * The digest's hash: a record's own would walk the whole parsed module (every instruction of
     * every function), and this one is in records that are kept in sets and maps. Equal modules
     * have equal digests, so it agrees with {@link #equals}.
     */
    @Override
    public int hashCode() {
        return sha256.hashCode();
    }

    public boolean imports(String importModule) {
        return imports.containsKey(importModule);
    }

    /** Whether the module imports anything, of any kind, from {@code importModule}. */
    public boolean importsAnything(String importModule) {
        return imports.containsKey(importModule)
                || otherImports.stream().anyMatch(other -> other.module().equals(importModule));
    }

    /**
     * An import that is not a function.
     *
     * @param kind what is imported: a memory, table, global or tag
     */
    public record OtherImport(String module, String name, ExternalType kind) {
    }
}
