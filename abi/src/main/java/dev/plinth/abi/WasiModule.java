package dev.plinth.abi;

/**
 * The import module of WASI preview 1. It is linked for every module that imports it, so that
 * modules built for {@code wasm32-wasi} instantiate even when they never use WASI; what its
 * functions reach is what was granted ({@link WasiSandbox}), by default nothing.
 */
public final class WasiModule {
    /** The import module of WASI preview 1. */
    public static final String MODULE = "wasi_snapshot_preview1";

    private WasiModule() {
    }
}
