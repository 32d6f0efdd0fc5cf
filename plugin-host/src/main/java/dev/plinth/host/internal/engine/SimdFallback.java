package dev.plinth.host.internal.engine;

import com.dylibso.chicory.wasm.WasmModule;

/**
 * Why a module that uses SIMD runs in the interpreter: Chicory's compiler has no {@code v128}
 * support (it refuses the module with {@code Unhandled opcode}), so the whole module runs in the
 * interpreter with Plinth's SIMD instructions ({@code V128Machine}), metered so that its deadline
 * and fuel hold as for any interpreted module. The words are the ones {@code inspect} and the
 * actuator show.
 */
public final class SimdFallback {
    private SimdFallback() {
    }

    /** The reason, naming the first function that uses SIMD (index in the function index space). */
    public static String reason(WasmModule module, int function) {
        int imported = module.importSection().count(com.dylibso.chicory.wasm.types.ExternalType.FUNCTION);
        String name = new FunctionNames(module.nameSection(), imported).of(function);
        return "function " + name + " uses SIMD (v128), which Chicory's compiler does not support; the module"
                + " runs in the interpreter";
    }
}
