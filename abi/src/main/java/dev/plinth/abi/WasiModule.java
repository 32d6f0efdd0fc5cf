package dev.plinth.abi;

import static com.dylibso.chicory.wasm.types.ValType.I32;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.List;

/**
 * The import module of WASI preview 1. It is linked for every module that imports it, so that
 * modules built for {@code wasm32-wasi} instantiate even when they never use WASI; what its
 * functions reach is what was granted ({@link WasiSandbox}), by default nothing.
 *
 * <p>{@code proc_exit} is the host's own, not Chicory's (which reports {@code proc_exit(0)} as a
 * failure by default): it unwinds the guest with a {@link GuestExit}, and the engine reads its code
 * as Extism does: 0 is success, anything else a failure with that code.
 */
public final class WasiModule {
    /** The import module of WASI preview 1. */
    public static final String MODULE = "wasi_snapshot_preview1";
    /** The function a WASI command calls to end itself. */
    public static final String PROC_EXIT = "proc_exit";

    private WasiModule() {
    }

    /** {@code proc_exit(code)}: throws a {@link GuestExit} with {@code code}; it never returns. */
    static HostFunction procExit() {
        return new HostFunction(MODULE, PROC_EXIT, FunctionType.of(List.of(I32), List.of()), (instance, args) -> {
            throw new GuestExit((int) args[0]);
        });
    }
}
