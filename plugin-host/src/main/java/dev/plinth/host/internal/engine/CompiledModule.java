package dev.plinth.host.internal.engine;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
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
 * @param initialPages the memory the module starts with, in 64 KiB pages (0 for a module without memory)
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
        int initialPages,
        int maxPages,
        GuestRuntime runtime,
        FunctionNames functionNames,
        Optional<String> interpreted) {

    public boolean imports(String importModule) {
        return imports.containsKey(importModule);
    }
}
