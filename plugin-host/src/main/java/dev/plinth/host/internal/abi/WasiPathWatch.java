package dev.plinth.host.internal.abi;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import dev.plinth.security.fs.FileSandbox;
import java.util.Map;

/**
 * Reports the file-system escape attempts that never reach the jail. Chicory's WASI turns down a
 * guest path that is absolute or climbs above its directory with {@code ..} itself, before it asks
 * the jailed file system, so the jail cannot see (nor audit) them. This wraps the WASI functions
 * that take paths: when such a call fails and one of its paths {@linkplain FileSandbox#escapes
 * escapes}, the path is reported to the plugin's {@link FileSandbox} as a refusal (logged and
 * audited like the jail's own). The refusal itself stays Chicory's; nothing else changes.
 */
final class WasiPathWatch {
    /** The parameter index of each (pointer, length) pair that holds a guest path, by WASI function. */
    private static final Map<String, int[]> PATH_PARAMETERS = Map.of(
            "path_create_directory", new int[] {1},
            "path_filestat_get", new int[] {2},
            "path_filestat_set_times", new int[] {2},
            "path_link", new int[] {2, 5},
            "path_open", new int[] {2},
            "path_readlink", new int[] {1},
            "path_remove_directory", new int[] {1},
            "path_rename", new int[] {1, 4},
            "path_symlink", new int[] {0, 3},
            "path_unlink_file", new int[] {1});
    private static final long ERRNO_SUCCESS = 0;

    private WasiPathWatch() {
    }

    /** {@code function} watched if it takes paths, else {@code function} itself. */
    static HostFunction watch(HostFunction function, FileSandbox files) {
        int[] paths = PATH_PARAMETERS.get(function.name());
        if (paths == null) {
            return function;
        }
        WasmFunctionHandle wasi = function.handle();
        return new HostFunction(function.module(), function.name(), function.functionType(), (instance, args) -> {
            long[] result = wasi.apply(instance, args);
            if (result[0] != ERRNO_SUCCESS) {
                for (int at : paths) {
                    // WASI has read the path already, so it lies within the guest's memory
                    String path = instance.memory().readString((int) args[at], (int) args[at + 1]);
                    if (FileSandbox.escapes(path)) {
                        files.refused(function.name() + " " + path + ": outside its directory (absolute, or"
                                + " climbing out with ..)");
                    }
                }
            }
            return result;
        });
    }
}
