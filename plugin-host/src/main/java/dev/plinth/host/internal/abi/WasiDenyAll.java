package dev.plinth.host.internal.abi;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasi.WasiPreview1;
import dev.plinth.security.fs.FileSandbox;
import org.slf4j.Logger;

/**
 * WASI preview 1 with nothing granted (see {@link WasiSandbox} for granted directories): no files, no environment, no arguments, no stdin; stdout
 * and stderr go to the plugin's log line by line, capped. Linked always, so that modules built for
 * {@code wasm32-wasi} instantiate even when they never use WASI.
 */
public final class WasiDenyAll {
    /** The import module of WASI preview 1. */
    public static final String MODULE = "wasi_snapshot_preview1";

    private WasiDenyAll() {
    }

    /** The WASI functions for one instance; close the returned WASI when the instance is dropped. */
    public static WasiPreview1 create(Logger logger, int maxLineBytes) {
        return WasiSandbox.create(logger, maxLineBytes, new StdioBudget(Long.MAX_VALUE), FileSandbox.none());
    }

    public static HostFunction[] functions(WasiPreview1 wasi) {
        return wasi.toHostFunctions();
    }
}
