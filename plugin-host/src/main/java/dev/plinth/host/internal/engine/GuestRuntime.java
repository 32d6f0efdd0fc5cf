package dev.plinth.host.internal.engine;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.plinth.api.error.InvalidModuleException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * How a module's language runtime is brought up, once per instance, after its start section and
 * before its first call: the exports the host calls, in order. The order is Extism's
 * ({@code runtime/src/plugin.rs}, {@code detect_guest_runtime} and {@code initialize_guest_runtime}):
 *
 * <ol>
 * <li>A module exporting a function {@code hs_init} has GHC's Haskell runtime: its
 *     {@code _initialize} is called first if it is {@code () -> ()} (a WASI reactor), then
 *     {@code hs_init(0, 0)} (no {@code argc}, no {@code argv}); nothing else is looked for.
 * <li>Otherwise a module exporting {@code __wasm_call_ctors} has it called if it is
 *     {@code () -> ()} (C/C++ static constructors); of another type nothing is called, and
 *     {@code _initialize} is not looked for either.
 * <li>Otherwise an {@code _initialize} of type {@code () -> ()} is called (a WASI reactor).
 * </ol>
 *
 * <p>{@code _start} is never called here: a WASI command's {@code _start} is a plugin function
 * like any other, run only when a caller asks for it.
 *
 * @param steps the exports to call, in order
 */
public record GuestRuntime(List<Step> steps) {
    /** The export of GHC's runtime initialization. */
    public static final String HS_INIT = "hs_init";
    /** A WASI reactor's initialization. */
    public static final String INITIALIZE = "_initialize";
    /** The static constructors of C and C++ (wasi-libc). */
    public static final String CALL_CTORS = "__wasm_call_ctors";
    /** Exports that only bring a runtime up: the host calls them, callers do not. */
    public static final Set<String> INITIALIZERS = Set.of(HS_INIT, INITIALIZE, CALL_CTORS);

    /** A module with nothing to initialize. */
    public static final GuestRuntime NONE = new GuestRuntime(List.of());

    private static final FunctionType HS_INIT_PARAMS = FunctionType.of(List.of(ValType.I32, ValType.I32), List.of());

    /**
     * One call of the initialization.
     *
     * @param export the exported function called
     * @param args its arguments (all zero)
     */
    public record Step(String export, long[] args) {
        public Step {
            args = args.clone();
        }

        @Override
        public long[] args() {
            return args.clone();
        }
    }

    public GuestRuntime {
        steps = List.copyOf(steps);
    }

    /** Whether it calls {@code _initialize} (a WASI reactor). */
    public boolean reactor() {
        return steps.stream().anyMatch(step -> step.export().equals(INITIALIZE));
    }

    /**
     * The runtime of {@code module}, whose function {@code i} (imports first) has type
     * {@code typeOf.apply(i)}.
     *
     * @throws InvalidModuleException when it exports {@code hs_init} of a type it cannot be called
     *     with as {@code hs_init(0, 0)}
     */
    public static GuestRuntime of(WasmModule module, IntFunction<FunctionType> typeOf, String label) {
        FunctionType hsInit = exportedFunction(module, HS_INIT, typeOf);
        FunctionType initialize = exportedFunction(module, INITIALIZE, typeOf);
        boolean reactor = initialize != null && initialize.typesMatch(FunctionType.empty());
        List<Step> steps = new ArrayList<>();
        if (hsInit != null) {
            if (!hsInit.params().equals(HS_INIT_PARAMS.params())) {
                throw new InvalidModuleException(label + " exports hs_init of type " + hsInit + "; GHC's runtime is"
                        + " initialized as hs_init(0, 0), which needs the parameters (i32, i32)");
            }
            if (reactor) {
                steps.add(new Step(INITIALIZE, new long[0]));
            }
            steps.add(new Step(HS_INIT, new long[] {0, 0}));
            return new GuestRuntime(steps);
        }
        FunctionType ctors = exportedFunction(module, CALL_CTORS, typeOf);
        if (ctors != null) {
            return ctors.typesMatch(FunctionType.empty())
                    ? new GuestRuntime(List.of(new Step(CALL_CTORS, new long[0]))) : NONE;
        }
        return reactor ? new GuestRuntime(List.of(new Step(INITIALIZE, new long[0]))) : NONE;
    }

    /**
     * How a module of a plugin other than its main one is brought up, once per instance after its
     * start section, as Extism's linker (Wasmtime's {@code Linker::module}) brings up the modules it
     * links by name: its {@code _initialize} if it exports one of type {@code () -> ()} (a
     * reactor); the language runtimes that {@link #of} looks for are the main module's concern.
     */
    public static GuestRuntime ofLibrary(WasmModule module) {
        int imported = module.importSection().count(ExternalType.FUNCTION);
        FunctionType initialize = exportedFunction(module, INITIALIZE,
                index -> ModuleCompiler.functionType(module, index, imported));
        return initialize != null && initialize.typesMatch(FunctionType.empty())
                ? new GuestRuntime(List.of(new Step(INITIALIZE, new long[0]))) : NONE;
    }

    private static FunctionType exportedFunction(WasmModule module, String name, IntFunction<FunctionType> typeOf) {
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            Export export = exports.getExport(i);
            if (export.exportType() == ExternalType.FUNCTION && export.name().equals(name)) {
                return typeOf.apply(export.index());
            }
        }
        return null;
    }
}
